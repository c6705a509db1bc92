//! The player: a full-window `<video>` with its controls. It asks the store how to play, feeds
//! the media element's events to `core::player` (report schedule, up next, intros) and renders
//! the answers; the media APIs themselves are behind `crate::media`.
use std::time::Duration;

use leptos::{ev, html, prelude::*};
use leptos_router::hooks::use_navigate;
use marquee_core::cache::PlaybackIds;
use marquee_core::decimal::fixed;
use marquee_core::model::Item;
use marquee_core::player::{
    choose_audio, choose_subtitle, clock, device_profile, plan_playback, seconds_to_ticks,
    start_position, ticks_to_seconds, up_next_due, HlsSupport, MediaAccess, PlayMethod,
    PlaybackPlan, PlayerEvent, PlayerState, ReportKind, ReportSchedule, Segments, UpNextCountdown,
    TICKS_PER_SECOND,
};
use wasm_bindgen::JsCast;

use super::UpNext;
use crate::media::{self, hls::HlsPlayer, media_session::MediaAction, prefs};
use crate::store::{now_ms, Store};

/// Controls hide after this long without the mouse, a touch or a key while playing.
const CONTROLS_LINGER_MS: i64 = 3_000;
/// The ±10 s buttons and keys.
const SKIP_TICKS: i64 = 10 * TICKS_PER_SECOND;

/// Plays `item` (from its saved position, or from the start); `next` is offered near the end.
#[component]
pub fn Player(
    item: Item,
    from_start: bool,
    #[prop(into)] next: Signal<Option<Item>>,
    /// Where Esc and the back button go.
    back_href: String,
    store: Store,
) -> impl IntoView {
    let video_ref = NodeRef::<html::Video>::new();
    let state = RwSignal::new(PlayerState {
        paused: true,
        volume: 100,
        ..Default::default()
    });
    let plan = RwSignal::new(None::<PlaybackPlan>);
    let error = RwSignal::new(None::<String>);
    let segments = RwSignal::new(Segments::default());
    let up_next = RwSignal::new(None::<UpNextCountdown>);
    let up_next_cancelled = RwSignal::new(false);
    let now = RwSignal::new(now_ms());
    let last_activity = RwSignal::new(now_ms());
    let menu = RwSignal::new(None::<&'static str>);
    let schedule = StoredValue::new(ReportSchedule::new());
    let first_playing = StoredValue::new(true);
    let hls_player = StoredValue::new_local(None::<HlsPlayer>);
    let session = StoredValue::new_local(None::<media::media_session::MediaSessionHandle>);
    let store = StoredValue::new_local(store);
    let item = StoredValue::new(item);
    let user_prefs = RwSignal::new(prefs::load(
        store.with_value(|s| s.user_key().to_owned()).as_str(),
    ));
    let navigate = use_navigate();

    let video = move || video_ref.get_untracked();
    let position_seconds = move || video().map_or(0.0, |v| v.current_time());

    // Reports: the schedule decides, the store sends (or keeps the position for later).
    let report = move |event: PlayerEvent| {
        let Some(kind) = schedule
            .try_update_value(|s| s.on(event, now_ms()))
            .flatten()
        else {
            return;
        };
        let Some(plan) = plan.get_untracked() else {
            return;
        };
        let st = state.get_untracked();
        let store = store.get_value();
        let item = item.get_value();
        let ids = PlaybackIds {
            media_source_id: plan.media_source_id.clone(),
            play_session_id: plan.play_session_id.clone(),
        };
        let runtime = st.runtime_ticks(&plan);
        leptos::task::spawn_local(async move {
            match kind {
                ReportKind::Stop => {
                    store
                        .keep_position(&item, st.position_ticks, runtime, ids, true)
                        .await
                }
                ReportKind::Start | ReportKind::Progress(_) => {
                    let name = match kind {
                        ReportKind::Progress(name) => Some(name),
                        _ => None,
                    };
                    let delivered = store
                        .report_playing(kind, &st.progress_report(&plan, name))
                        .await;
                    store
                        .keep_position(&item, st.position_ticks, runtime, ids, !delivered)
                        .await;
                }
            }
        });
    };
    // A stop that must get out now (the tab is hidden or closing): keepalive, and the outbox.
    let stop_now = move || {
        if !schedule.with_value(|s| s.is_active()) {
            return;
        }
        if let Some(plan) = plan.get_untracked() {
            let st = state.get_untracked();
            store.with_value(|s| s.report_stopped_now(&st.stop_report(&plan)));
        }
        report(PlayerEvent::Stop);
    };

    let sync_state = move || {
        let Some(v) = video() else { return };
        let position = seconds_to_ticks(v.current_time());
        let duration = v.duration();
        let buffered = v.buffered();
        let mut buffered_end = 0.0;
        for i in 0..buffered.length() {
            if let (Ok(start), Ok(end)) = (buffered.start(i), buffered.end(i)) {
                if start <= v.current_time() + 0.5 && end > buffered_end {
                    buffered_end = end;
                }
            }
        }
        state.update(|s| {
            s.position_ticks = position;
            s.duration_ticks = seconds_to_ticks(duration);
            s.buffered_ticks = seconds_to_ticks(buffered_end);
            s.paused = v.paused();
            s.muted = v.muted();
            s.volume = (v.volume() * 100.0).round() as i32;
        });
    };

    let seek_to = move |ticks: i64| {
        if let Some(v) = video() {
            let max = state
                .with_untracked(|s| plan.with_untracked(|p| p.as_ref().map(|p| s.runtime_ticks(p))))
                .unwrap_or(0);
            let ticks = if max > 0 {
                ticks.clamp(0, max)
            } else {
                ticks.max(0)
            };
            v.set_current_time(ticks_to_seconds(ticks));
        }
    };
    let toggle_play = move || {
        if let Some(v) = video() {
            if v.paused() {
                let _ = v.play();
            } else {
                let _ = v.pause();
            }
        }
    };
    let toggle_mute = move || {
        if let Some(v) = video() {
            v.set_muted(!v.muted());
        }
    };
    let toggle_fullscreen = move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if document.fullscreen_element().is_some() {
            document.exit_fullscreen();
        } else if let Some(root) = document
            .query_selector("main[data-page=\"player\"]")
            .ok()
            .flatten()
        {
            let _ = root.request_fullscreen();
        }
    };
    let toggle_pip = move || {
        let Some(v) = video() else { return };
        let document = web_sys::window().and_then(|w| w.document());
        let in_pip = document.as_ref().is_some_and(|d| {
            js_sys::Reflect::get(d, &"pictureInPictureElement".into())
                .is_ok_and(|e| !e.is_null() && !e.is_undefined())
        });
        let (target, method): (wasm_bindgen::JsValue, &str) = if in_pip {
            (
                document.map(Into::into).unwrap_or_default(),
                "exitPictureInPicture",
            )
        } else {
            (v.into(), "requestPictureInPicture")
        };
        let Ok(f) = js_sys::Reflect::get(&target, &method.into()) else {
            return;
        };
        if let Some(promise) = f
            .dyn_ref::<js_sys::Function>()
            .and_then(|f| f.call0(&target).ok())
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
        {
            // A refusal (no picture-in-picture here) is an answer, not an error worth a log.
            leptos::task::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            });
        }
    };
    let choose_sub = move |index: Option<i32>| {
        state.update(|s| s.subtitle_stream_index = index);
        let lang = index.and_then(|i| {
            plan.with_untracked(|p| {
                p.as_ref().and_then(|p| {
                    p.streams
                        .iter()
                        .find(|s| s.index == Some(i))
                        .and_then(|s| s.language.clone())
                })
            })
        });
        user_prefs.update(|p| p.subtitle_language = Some(lang.unwrap_or_default()));
        store.with_value(|s| prefs::save(s.user_key(), &user_prefs.get_untracked()));
        menu.set(None);
    };
    let cycle_subtitles = move || {
        let indexes: Vec<i32> = plan.with_untracked(|p| {
            p.as_ref()
                .map(|p| {
                    p.subtitle_streams()
                        .iter()
                        .filter_map(|s| s.index)
                        .collect()
                })
                .unwrap_or_default()
        });
        if indexes.is_empty() {
            return;
        }
        let current = state.with_untracked(|s| s.subtitle_stream_index);
        let next = match current.and_then(|c| indexes.iter().position(|i| *i == c)) {
            None => Some(indexes[0]),
            Some(pos) if pos + 1 < indexes.len() => Some(indexes[pos + 1]),
            Some(_) => None,
        };
        choose_sub(next);
    };
    let go_back = {
        let navigate = navigate.clone();
        let back_href = back_href.clone();
        move || navigate(&back_href, Default::default())
    };
    let play_next = {
        let navigate = navigate.clone();
        move || {
            if let Some(next) = next.get_untracked() {
                up_next.set(None);
                navigate(&format!("/play/{}", next.id), Default::default());
            }
        }
    };

    // Loads the media: PlaybackInfo with this browser's profile, then direct play or HLS.
    let store_for_segments = store;
    let load = move |audio: Option<i32>, start_ticks: i64| {
        let Some(v) = video() else { return };
        let formats = media::probe::playable_formats(&v);
        let hls = media::hls::support(&v);
        let profile = device_profile(&formats, hls);
        let store = store.get_value();
        let item_id = item.with_value(|i| i.id.clone());
        leptos::task::spawn_local(async move {
            let auth = store.media_auth();
            let through_worker = crate::pwa::media_auth::share_with_service_worker(
                &auth.base_url,
                &auth.authorization,
            );
            let answer = match store
                .playback_info(&item_id, start_ticks, audio, profile)
                .await
            {
                Ok(answer) => answer,
                Err(why) => {
                    error.try_set(Some(why));
                    return;
                }
            };
            let access = if through_worker {
                MediaAccess::ServiceWorker
            } else {
                MediaAccess::ApiKey(&auth.token)
            };
            let planned = plan_playback(&item_id, &answer, &auth.base_url, &auth.device_id, access);
            let mut planned = match planned {
                Ok(p) => p,
                Err(why) => {
                    error.try_set(Some(why.to_string()));
                    return;
                }
            };
            let with_hls_js = planned.method == PlayMethod::Transcode && hls == HlsSupport::HlsJs;
            if with_hls_js {
                // hls.js sends the header itself: no token in its URLs either way.
                if let Ok(p) = plan_playback(
                    &item_id,
                    &answer,
                    &auth.base_url,
                    &auth.device_id,
                    MediaAccess::ServiceWorker,
                ) {
                    planned = p;
                }
            }
            let Some(remembered) = user_prefs.try_get_untracked() else {
                return;
            };
            let audio_index = audio
                .or_else(|| choose_audio(&planned.source, remembered.audio_language.as_deref()));
            let subtitle_index =
                choose_subtitle(&planned.source, remembered.subtitle_language.as_deref());
            state.try_update(|s| {
                s.audio_stream_index = audio_index;
                s.subtitle_stream_index = subtitle_index;
            });
            let Some(v) = video_ref.get_untracked() else {
                return;
            };
            if let Some(volume) = remembered.volume {
                v.set_volume(f64::from(volume.clamp(0, 100)) / 100.0);
            }
            let url = planned.url.clone();
            schedule.try_set_value(ReportSchedule::new());
            plan.try_set(Some(planned));
            // Resume where asked once the element knows the media.
            let start_seconds = ticks_to_seconds(start_ticks);
            let el: web_sys::HtmlMediaElement = v.clone().into();
            let seek_once = wasm_bindgen::closure::Closure::once_into_js({
                let el = el.clone();
                move || {
                    if start_seconds > 0.0 {
                        el.set_current_time(start_seconds);
                    }
                    let _ = el.play();
                }
            });
            let options = web_sys::AddEventListenerOptions::new();
            options.set_once(true);
            let _ = el.add_event_listener_with_callback_and_add_event_listener_options(
                "loadedmetadata",
                seek_once.unchecked_ref(),
                &options,
            );
            if with_hls_js {
                hls_player.try_set_value(None);
                let fatal = move |details: String| {
                    error.try_set(Some(format!("The stream failed ({details})")));
                };
                match media::hls::attach(&el, &url, &auth.authorization, fatal).await {
                    Ok(player) => {
                        hls_player.try_set_value(Some(player));
                    }
                    Err(why) => {
                        error.try_set(Some(why));
                    }
                }
            } else {
                el.set_src(&url);
            }
        });
        // Intros, for "Skip intro" (none before 10.10).
        let segment_store = store_for_segments.get_value();
        let item_id = item.with_value(|i| i.id.clone());
        leptos::task::spawn_local(async move {
            let found = segment_store.media_segments(&item_id).await;
            segments.try_set(found);
        });
    };

    // Start once the element exists.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || video_ref.get().is_none() {
            return done.unwrap_or(false);
        }
        let start = item.with_value(|i| start_position(i.user_data.as_ref(), from_start));
        load(None, start);
        let (title, artist, artwork) = item.with_value(|i| {
            let base = store.with_value(|s| s.images());
            (
                i.name.clone(),
                i.series_name.clone().unwrap_or_default(),
                i.primary_image
                    .as_ref()
                    .map(|img| base.url(img, 512))
                    .unwrap_or_default(),
            )
        });
        let handle = media::media_session::install(&title, &artist, &artwork, move |action| {
            let position = seconds_to_ticks(position_seconds());
            match action {
                MediaAction::Play | MediaAction::Pause => toggle_play(),
                MediaAction::SeekBackward => seek_to(position - SKIP_TICKS),
                MediaAction::SeekForward => seek_to(position + SKIP_TICKS),
                MediaAction::SeekTo(seconds) => seek_to(seconds_to_ticks(seconds)),
                MediaAction::Stop => {
                    if let Some(v) = video() {
                        let _ = v.pause();
                    }
                }
            }
        });
        session.set_value(Some(handle));
        true
    });

    // A clock for the countdown and for hiding the controls.
    let ticker =
        set_interval_with_handle(move || now.set(now_ms()), Duration::from_millis(250)).ok();
    let play_next_when_due = play_next.clone();
    Effect::new(move |_| {
        let t = now.get();
        if up_next.with(|c| c.is_some_and(|c| c.is_done(t))) && !up_next_cancelled.get_untracked() {
            play_next_when_due();
        }
    });

    // Leaving: the tab hidden or closing sends a stop at once; back in view, a new start.
    let visibility = window_event_listener(ev::visibilitychange, move |_| {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if hidden {
            stop_now();
        } else if plan.get_untracked().is_some() && !state.get_untracked().paused {
            schedule.set_value(ReportSchedule::new());
            report(PlayerEvent::Playing);
        }
    });
    let pagehide = window_event_listener(ev::pagehide, move |_| stop_now());
    let keys = {
        let go_back = go_back.clone();
        window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            last_activity.set(now_ms());
            let position = seconds_to_ticks(position_seconds());
            let handled = match e.key().as_str() {
                " " | "k" | "K" => {
                    toggle_play();
                    true
                }
                "ArrowLeft" | "j" | "J" => {
                    seek_to(position - SKIP_TICKS);
                    true
                }
                "ArrowRight" | "l" | "L" => {
                    seek_to(position + SKIP_TICKS);
                    true
                }
                "f" | "F" => {
                    toggle_fullscreen();
                    true
                }
                "m" | "M" => {
                    toggle_mute();
                    true
                }
                "c" | "C" => {
                    cycle_subtitles();
                    true
                }
                "Escape" => {
                    if menu.get_untracked().is_some() {
                        menu.set(None);
                    } else if web_sys::window()
                        .and_then(|w| w.document())
                        .is_some_and(|d| d.fullscreen_element().is_none())
                    {
                        go_back();
                    }
                    true
                }
                _ => false,
            };
            if handled {
                e.prevent_default();
            }
        })
    };
    on_cleanup(move || {
        visibility.remove();
        pagehide.remove();
        keys.remove();
        if let Some(t) = ticker {
            t.clear();
        }
        report(PlayerEvent::Stop);
        hls_player.set_value(None);
        session.set_value(None);
    });

    // Subtitles: the chosen track shows, the others are off.
    Effect::new(move |_| {
        let chosen = state.with(|s| s.subtitle_stream_index);
        let _tracks = plan.with(|p| p.as_ref().map(|p| p.subtitle_streams().len()));
        let Some(v) = video_ref.get() else { return };
        let list = v.text_tracks();
        let Some(list) = list else { return };
        for i in 0..list.length() {
            if let Some(track) = list.get(i) {
                let wanted = chosen.is_some_and(|c| track.id() == format!("sub-{c}"));
                track.set_mode(if wanted {
                    web_sys::TextTrackMode::Showing
                } else {
                    web_sys::TextTrackMode::Disabled
                });
            }
        }
    });

    let runtime = move || {
        state.with(|s| plan.with(|p| p.as_ref().map_or(s.duration_ticks, |p| s.runtime_ticks(p))))
    };
    let intro_end = move || state.with(|s| segments.with(|seg| seg.intro_end_at(s.position_ticks)));
    let controls_shown = move || {
        state.with(|s| s.paused)
            || menu.get().is_some()
            || now.get() - last_activity.get() < CONTROLS_LINGER_MS
    };
    let on_timeupdate = move |_| {
        sync_state();
        report(PlayerEvent::Tick);
        let (position, run) = (state.get_untracked().position_ticks, runtime());
        let outro = segments.with_untracked(|s| s.outro_start());
        if next.get_untracked().is_some()
            && up_next.get_untracked().is_none()
            && !up_next_cancelled.get_untracked()
            && up_next_due(position, run, outro)
        {
            up_next.set(Some(UpNextCountdown::start(now_ms())));
        }
    };
    let images = store.with_value(|s| s.images());
    let subtitle_tracks = move || {
        let auth = store.with_value(|s| s.media_auth());
        plan.with(|p| {
            let Some(p) = p else { return Vec::new() };
            let through_worker = !p.url.contains("ApiKey=");
            p.subtitle_streams()
                .into_iter()
                .filter_map(|s| {
                    let index = s.index?;
                    let access = if through_worker {
                        MediaAccess::ServiceWorker
                    } else {
                        MediaAccess::ApiKey(&auth.token)
                    };
                    Some((
                        index,
                        p.subtitle_url(&auth.base_url, index, access),
                        s.language.clone().unwrap_or_default(),
                        s.label(),
                    ))
                })
                .collect::<Vec<_>>()
        })
    };
    let audio_tracks = move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.audio_streams()
                        .into_iter()
                        .filter_map(|s| Some((s.index?, s.label(), s.language.clone())))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let choose_audio_track = move |index: i32, language: Option<String>| {
        menu.set(None);
        if state.with_untracked(|s| s.audio_stream_index) == Some(index) {
            return;
        }
        if let Some(lang) = language {
            user_prefs.update(|p| p.audio_language = Some(lang));
            store.with_value(|s| prefs::save(s.user_key(), &user_prefs.get_untracked()));
        }
        // A new stream with that audio, from here.
        report(PlayerEvent::Stop);
        load(Some(index), seconds_to_ticks(position_seconds()));
    };
    let go_back_button = go_back.clone();
    let play_now = play_next.clone();
    let seek_input = move |e: ev::Event| {
        let value = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value_as_number());
        if let Some(seconds) = value.filter(|v| v.is_finite()) {
            seek_to(seconds_to_ticks(seconds));
        }
    };
    let volume_input = move |e: ev::Event| {
        let value = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value_as_number());
        if let (Some(v), Some(volume)) = (video(), value.filter(|v| v.is_finite())) {
            v.set_volume((volume / 100.0).clamp(0.0, 1.0));
            v.set_muted(volume <= 0.0);
        }
    };

    view! {
        <div class="player" data-controls=move || if controls_shown() { "shown" } else { "hidden" }
            on:mousemove=move |_| last_activity.set(now_ms())
            on:touchstart=move |_| last_activity.set(now_ms())>
            <video node_ref=video_ref class="player-video" playsinline="" crossorigin="anonymous" preload="auto"
                on:playing=move |_| {
                    sync_state();
                    if first_playing.try_update_value(|f| std::mem::replace(f, false)).unwrap_or(false) {
                        crate::perf::mark("marquee:playing");
                    }
                    report(PlayerEvent::Playing);
                }
                on:pause=move |_| { sync_state(); report(PlayerEvent::Paused); }
                on:seeked=move |_| { sync_state(); report(PlayerEvent::Seeked); }
                on:timeupdate=on_timeupdate
                on:progress=move |_| sync_state()
                on:durationchange=move |_| sync_state()
                on:volumechange=move |_| {
                    sync_state();
                    let volume = state.with_untracked(|s| s.volume);
                    user_prefs.update(|p| p.volume = Some(volume));
                    store.with_value(|s| prefs::save(s.user_key(), &user_prefs.get_untracked()));
                }
                on:ended=move |_| {
                    sync_state();
                    report(PlayerEvent::Stop);
                    if next.get_untracked().is_some() && !up_next_cancelled.get_untracked() {
                        play_next();
                    }
                }
                on:click=move |_| toggle_play()>
                <For each=subtitle_tracks key=|t| t.0 let:track>
                    <track kind="subtitles" id=format!("sub-{}", track.0) src=track.1 srclang=track.2 label=track.3/>
                </For>
            </video>
            {move || error.get().map(|why| view! {
                <div class="player-error" role="alert">
                    <p>{why}</p>
                </div>
            })}
            <Show when=move || intro_end().is_some()>
                <button type="button" class="skip-intro" data-action="skip-intro"
                    on:click=move |_| { if let Some(end) = intro_end() { seek_to(end); } }>
                    "Skip intro"
                </button>
            </Show>
            {move || up_next.get().zip(next.get()).filter(|_| !up_next_cancelled.get()).map(|(countdown, next_item)| {
                let play_now = play_now.clone();
                view! {
                    <UpNext item=next_item images=images.clone()
                        seconds_left=Signal::derive(move || countdown.seconds_left(now.get()))
                        on_play=move || play_now()
                        on_cancel=move || { up_next_cancelled.set(true); up_next.set(None); }/>
                }
            })}
            <div class="player-top">
                <button type="button" class="player-button" aria-label="Back" data-control="back" on:click=move |_| go_back_button()>
                    <span aria-hidden="true">"←"</span>
                </button>
                <h1 class="player-title">{item.with_value(|i| i.name.clone())}</h1>
            </div>
            <div class="player-controls">
                <div class="seek">
                    <div class="buffered" aria-hidden="true"
                        style=move || {
                            let run = runtime().max(1);
                            let pct = state.with(|s| s.buffered_ticks) * 100 / run;
                            format!("width: {}%", pct.clamp(0, 100))
                        }></div>
                    <input type="range" class="seek-bar" aria-label="Seek" min="0" step="any"
                        max=move || fixed(ticks_to_seconds(runtime()), 3)
                        prop:value=move || fixed(ticks_to_seconds(state.with(|s| s.position_ticks)), 3)
                        on:input=seek_input/>
                </div>
                <div class="player-row">
                    <button type="button" class="player-button" data-control="play-pause"
                        aria-label=move || if state.with(|s| s.paused) { "Play" } else { "Pause" }
                        on:click=move |_| toggle_play()>
                        <span aria-hidden="true">{move || if state.with(|s| s.paused) { "▶" } else { "❚❚" }}</span>
                    </button>
                    <button type="button" class="player-button" aria-label="Back 10 seconds" data-control="back-10"
                        on:click=move |_| seek_to(seconds_to_ticks(position_seconds()) - SKIP_TICKS)>"−10"</button>
                    <button type="button" class="player-button" aria-label="Forward 10 seconds" data-control="forward-10"
                        on:click=move |_| seek_to(seconds_to_ticks(position_seconds()) + SKIP_TICKS)>"+10"</button>
                    <span class="player-time">
                        <span data-time="elapsed">{move || clock(state.with(|s| s.position_ticks))}</span>
                        " / "
                        <span data-time="remaining">{move || format!("-{}", clock(runtime() - state.with(|s| s.position_ticks)))}</span>
                    </span>
                    <span class="player-spacer"></span>
                    <button type="button" class="player-button" data-control="mute"
                        aria-label=move || if state.with(|s| s.muted) { "Unmute" } else { "Mute" }
                        aria-pressed=move || state.with(|s| s.muted).to_string()
                        on:click=move |_| toggle_mute()>
                        <span aria-hidden="true">{move || if state.with(|s| s.muted) { "🔇" } else { "🔊" }}</span>
                    </button>
                    <input type="range" class="volume" aria-label="Volume" min="0" max="100" step="1"
                        prop:value=move || state.with(|s| if s.muted { 0 } else { s.volume }).to_string()
                        on:input=volume_input/>
                    <div class="player-menu">
                        <button type="button" class="player-button" data-control="subtitles" aria-label="Subtitles" aria-haspopup="true"
                            aria-expanded=move || (menu.get() == Some("subtitles")).to_string()
                            on:click=move |_| menu.update(|m| *m = if *m == Some("subtitles") { None } else { Some("subtitles") })>"CC"</button>
                        <Show when=move || menu.get() == Some("subtitles")>
                            <div class="player-popover" role="menu" aria-label="Subtitles">
                                <button type="button" role="menuitemradio" data-subtitle="off"
                                    aria-checked=move || state.with(|s| s.subtitle_stream_index.is_none()).to_string()
                                    on:click=move |_| choose_sub(None)>"Off"</button>
                                <For each=subtitle_tracks key=|t| t.0 let:track>
                                    <button type="button" role="menuitemradio" data-subtitle=track.0
                                        aria-checked=move || (state.with(|s| s.subtitle_stream_index) == Some(track.0)).to_string()
                                        on:click=move |_| choose_sub(Some(track.0))>{track.3.clone()}</button>
                                </For>
                            </div>
                        </Show>
                    </div>
                    <Show when=move || { audio_tracks().len() > 1 }>
                        <div class="player-menu">
                            <button type="button" class="player-button" data-control="audio" aria-label="Audio" aria-haspopup="true"
                                aria-expanded=move || (menu.get() == Some("audio")).to_string()
                                on:click=move |_| menu.update(|m| *m = if *m == Some("audio") { None } else { Some("audio") })>"Audio"</button>
                            <Show when=move || menu.get() == Some("audio")>
                                <div class="player-popover" role="menu" aria-label="Audio">
                                    <For each=audio_tracks key=|t| t.0 let:track>
                                        <button type="button" role="menuitemradio" data-audio=track.0
                                            aria-checked=move || (state.with(|s| s.audio_stream_index) == Some(track.0)).to_string()
                                            on:click={
                                                let lang = track.2.clone();
                                                move |_| choose_audio_track(track.0, lang.clone())
                                            }>{track.1.clone()}</button>
                                    </For>
                                </div>
                            </Show>
                        </div>
                    </Show>
                    <button type="button" class="player-button" aria-label="Picture in picture" data-control="pip"
                        on:click=move |_| toggle_pip()>"PiP"</button>
                    <button type="button" class="player-button" aria-label="Fullscreen" data-control="fullscreen"
                        on:click=move |_| toggle_fullscreen()>"⛶"</button>
                </div>
            </div>
        </div>
    }
}
