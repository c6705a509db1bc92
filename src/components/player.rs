//! The player: a full-window `<video>` with its own control bar (`PlayerControls`: play/pause,
//! the seek bar with what is buffered, time, ±10 s, volume and mute, the track menus,
//! picture-in-picture, fullscreen; hiding while playing), Back, the shortcuts, Skip intro and
//! Up next. It asks the store how to play, feeds the element's events to `core::player` and
//! renders the answers; the media APIs are behind `crate::media`.
use std::time::Duration;

use leptos::{ev, html, prelude::*};
use leptos_router::hooks::use_navigate;
use marquee_core::cache::PlaybackIds;
use marquee_core::jellyfin::MediaStream;
use marquee_core::model::Item;
use marquee_core::player::{
    buffered_end, choose_audio, choose_subtitle, controls_shown, device_profile, plan_playback,
    seconds_to_ticks, skip, start_position, ticks_to_seconds, up_next_due, HlsSupport, MediaAccess,
    PlayMethod, PlaybackPlan, PlayerEvent, PlayerState, ReportKind, ReportSchedule, Segments,
    TrackMenu, UpNextCountdown, TICKS_PER_SECOND,
};
use wasm_bindgen::JsCast;

use super::player_controls::{ControlAction, PlayerControls, TrackOption};
use super::UpNext;
use crate::media::{self, hls::HlsPlayer, media_session::MediaAction, prefs, tracks};
use crate::store::{now_ms, Store};

/// The ±10 s buttons and keys.
const SKIP_TICKS: i64 = 10 * TICKS_PER_SECOND;

/// The next of `options` after `current` (`None` is "off", first in the cycle when `with_off`).
fn cycle(options: &[i32], current: Option<i32>, with_off: bool) -> Option<i32> {
    let at = current.and_then(|c| options.iter().position(|i| *i == c));
    match at {
        None => options.first().copied(),
        Some(pos) if pos + 1 < options.len() => Some(options[pos + 1]),
        Some(_) if with_off => None,
        Some(_) => options.first().copied(),
    }
}

/// A menu's choices: the streams that have an index, with their labels.
fn track_options(streams: &[&MediaStream]) -> Vec<TrackOption> {
    streams
        .iter()
        .filter_map(|s| {
            Some(TrackOption {
                index: s.index?,
                label: s.label(),
            })
        })
        .collect()
}

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
    let menu = RwSignal::new(TrackMenu::Closed);
    let can_pip = RwSignal::new(false);
    let schedule = StoredValue::new(ReportSchedule::new());
    let first_playing = StoredValue::new(true);
    let hls_player = StoredValue::new_local(None::<HlsPlayer>);
    let session = StoredValue::new_local(None::<media::media_session::MediaSessionHandle>);
    let user_key = StoredValue::new(store.user_key().to_owned());
    let user_prefs = StoredValue::new(user_key.with_value(|k| prefs::load(k)));
    let store = StoredValue::new_local(store);
    let item = StoredValue::new(item);
    let navigate = use_navigate();

    let video = move || video_ref.get_untracked();
    let position_ticks = move || video().map_or(0, |v| seconds_to_ticks(v.current_time()));
    let save_prefs = move |change: &dyn Fn(&mut prefs::PlayerPrefs)| {
        user_prefs.update_value(|p| change(p));
        user_key.with_value(|k| user_prefs.with_value(|p| prefs::save(k, p)));
    };

    // Reports: the schedule decides, the store sends (or keeps the position for later).
    let report = move |event: PlayerEvent| {
        let Some(kind) = schedule
            .try_update_value(|s| s.on(event, now_ms()))
            .flatten()
        else {
            return;
        };
        let Some(plan) = plan.try_get_untracked().flatten() else {
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
            let delivered = match kind {
                ReportKind::Stop => false,
                ReportKind::Start => {
                    store
                        .report_playing(kind, &st.progress_report(&plan, None))
                        .await
                }
                ReportKind::Progress(name) => {
                    store
                        .report_playing(kind, &st.progress_report(&plan, Some(name)))
                        .await
                }
            };
            store
                .keep_position(&item, st.position_ticks, runtime, ids, !delivered)
                .await;
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
        state.update(|s| {
            s.position_ticks = seconds_to_ticks(v.current_time());
            s.duration_ticks = seconds_to_ticks(v.duration());
            let ranges = v.buffered();
            let spans: Vec<(i64, i64)> = (0..ranges.length())
                .filter_map(|i| {
                    let start = ranges.start(i).ok()?;
                    let end = ranges.end(i).ok()?;
                    Some((seconds_to_ticks(start), seconds_to_ticks(end)))
                })
                .collect();
            s.buffered_ticks = buffered_end(&spans, s.position_ticks);
            s.paused = v.paused();
            s.muted = v.muted();
            s.volume = (v.volume() * 100.0).round() as i32;
        });
    };
    let seek_to = move |ticks: i64| {
        if let Some(v) = video() {
            v.set_current_time(ticks_to_seconds(ticks.max(0)));
        }
    };
    let skip_by = move |delta: i64| {
        let runtime = state.with_untracked(|s| s.duration_ticks);
        seek_to(skip(position_ticks(), delta, runtime));
    };
    let toggle_mute = move || {
        if let Some(v) = video() {
            v.set_muted(!v.muted());
        }
    };
    let toggle_play = move || {
        if let Some(v) = video() {
            let _ = if v.paused() {
                v.play().map(drop)
            } else {
                v.pause()
            };
        }
    };
    let root_ref = NodeRef::<html::Div>::new();
    let toggle_fullscreen = move || {
        if let Some(root) = root_ref.get_untracked() {
            media::screen::toggle_fullscreen(&root);
        }
    };
    let show_subtitle = move |index: Option<i32>| {
        state.update(|s| s.subtitle_stream_index = index);
        if let Some(v) = video() {
            tracks::show(&v, index);
        }
        let lang = index.and_then(|i| {
            plan.with_untracked(|p| {
                let p = p.as_ref()?;
                p.streams
                    .iter()
                    .find(|s| s.index == Some(i))?
                    .language
                    .clone()
            })
        });
        save_prefs(&|p| p.subtitle_language = Some(lang.clone().unwrap_or_default()));
    };
    let cycle_subtitles = move || {
        let options: Vec<i32> = plan.with_untracked(|p| {
            p.as_ref()
                .map(|p| {
                    p.subtitle_streams()
                        .iter()
                        .filter_map(|s| s.index)
                        .collect()
                })
                .unwrap_or_default()
        });
        if !options.is_empty() {
            show_subtitle(cycle(
                &options,
                state.with_untracked(|s| s.subtitle_stream_index),
                true,
            ));
        }
    };
    // Leaving in the app stops first, while this player's state is still there (the cleanup
    // below is the fallback for any other way out).
    let go_back = {
        let navigate = navigate.clone();
        move || {
            report(PlayerEvent::Stop);
            navigate(&back_href, Default::default())
        }
    };
    let play_next = move || {
        if let Some(next) = next.get_untracked() {
            up_next.set(None);
            report(PlayerEvent::Stop);
            navigate(&format!("/play/{}", next.id), Default::default());
        }
    };
    let play_next_when_due = play_next.clone();
    let play_next_at_end = play_next.clone();

    // Loads the media: PlaybackInfo with this browser's profile, then direct play or HLS.
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
            // A downloaded copy plays from this browser, online too (no bandwidth, instant
            // seeking, no server needed); its reports go through the outbox like any other.
            let local = store.local_copy(&item_id).map(|copy| {
                let runtime = item.with_value(|i| i.run_time_ticks);
                let session = format!("{:x}", (js_sys::Math::random() * 1e15) as u64);
                PlaybackPlan::local(&item_id, copy.url, runtime, session, &copy.subtitles)
            });
            let is_local = local.is_some();
            let (chosen, with_hls_js) = match local {
                Some(plan) => (plan, false),
                None => {
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
                    let planned = |access| {
                        plan_playback(&item_id, &answer, &auth.base_url, &auth.device_id, access)
                    };
                    let access = if through_worker {
                        MediaAccess::ServiceWorker
                    } else {
                        MediaAccess::ApiKey(&auth.token)
                    };
                    let mut chosen = match planned(access) {
                        Ok(p) => p,
                        Err(why) => {
                            error.try_set(Some(why.to_string()));
                            return;
                        }
                    };
                    let with_hls_js =
                        chosen.method == PlayMethod::Transcode && hls == HlsSupport::HlsJs;
                    if with_hls_js {
                        // hls.js sends the header itself: no token in its URLs either way.
                        if let Ok(p) = planned(MediaAccess::ServiceWorker) {
                            chosen = p;
                        }
                    }
                    (chosen, with_hls_js)
                }
            };
            let Some(remembered) = user_prefs.try_get_value() else {
                return;
            };
            let audio_index = audio
                .or_else(|| choose_audio(&chosen.source, remembered.audio_language.as_deref()));
            let subtitle_index =
                choose_subtitle(&chosen.source, remembered.subtitle_language.as_deref());
            let Some(v) = video_ref.get_untracked() else {
                return;
            };
            let subtitle_access = if chosen.url.contains("ApiKey=") {
                MediaAccess::ApiKey(&auth.token)
            } else {
                MediaAccess::ServiceWorker
            };
            let offered: Vec<tracks::SubtitleTrack> = chosen
                .subtitle_streams()
                .into_iter()
                .filter_map(|s| {
                    Some(tracks::SubtitleTrack {
                        index: s.index?,
                        // A local copy's subtitles were kept beside it: no server needed.
                        url: if is_local {
                            store.local_subtitle_url(&item_id, s.index?)
                        } else {
                            chosen.subtitle_url(&auth.base_url, s.index?, subtitle_access)
                        },
                        language: s.language.clone().unwrap_or_default(),
                        label: s.label(),
                    })
                })
                .collect();
            tracks::set_tracks(&v, &offered);
            tracks::show(&v, subtitle_index);
            if let Some(volume) = remembered.volume {
                v.set_volume(f64::from(volume.clamp(0, 100)) / 100.0);
            }
            state.try_update(|s| {
                s.audio_stream_index = audio_index;
                s.subtitle_stream_index = subtitle_index;
            });
            let url = chosen.url.clone();
            schedule.try_set_value(ReportSchedule::new());
            plan.try_set(Some(chosen));
            // Resume where asked once the element knows the media, then play.
            let start_seconds = ticks_to_seconds(start_ticks);
            let el: web_sys::HtmlMediaElement = v.into();
            let seek_once = wasm_bindgen::closure::Closure::once_into_js({
                let el = el.clone();
                move || {
                    if start_seconds > 0.0 {
                        el.set_current_time(start_seconds);
                    }
                    // Chromium's own track selection runs at metadata and may show a second
                    // track: the chosen one alone shows.
                    if let Some(index) = state.try_with_untracked(|s| s.subtitle_stream_index) {
                        tracks::show(&el, index);
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
            // Intros, for "Skip intro" (none before 10.10).
            segments.try_set(store.media_segments(&item_id).await);
        });
    };
    let choose_audio_track = move |index: i32| {
        if state.with_untracked(|s| s.audio_stream_index) == Some(index) {
            return;
        }
        let lang = plan.with_untracked(|p| {
            let p = p.as_ref()?;
            p.streams
                .iter()
                .find(|s| s.index == Some(index))?
                .language
                .clone()
        });
        save_prefs(&|p| p.audio_language = lang.clone());
        // A new stream with that audio, from here.
        report(PlayerEvent::Stop);
        load(Some(index), position_ticks());
    };

    let on_action = UnsyncCallback::new(move |action: ControlAction| {
        last_activity.set(now_ms());
        match action {
            ControlAction::TogglePlay => toggle_play(),
            ControlAction::Skip(delta) => skip_by(delta),
            ControlAction::SeekTo(ticks) => seek_to(ticks),
            ControlAction::ToggleMute => toggle_mute(),
            ControlAction::Volume(volume) => {
                if let Some(v) = video() {
                    v.set_volume(f64::from(volume.clamp(0, 100)) / 100.0);
                    v.set_muted(volume == 0);
                }
            }
            ControlAction::Subtitle(index) => show_subtitle(index),
            ControlAction::Audio(index) => choose_audio_track(index),
            ControlAction::PictureInPicture => {
                if let Some(v) = video() {
                    media::screen::toggle_picture_in_picture(&v);
                }
            }
            ControlAction::Fullscreen => toggle_fullscreen(),
        }
    });

    // Start once the element exists.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || video_ref.get().is_none() {
            return done.unwrap_or(false);
        }
        if let Some(v) = video() {
            can_pip.set(media::screen::picture_in_picture_supported(&v));
        }
        load(
            None,
            item.with_value(|i| start_position(i.user_data.as_ref(), from_start)),
        );
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
        let handle =
            media::media_session::install(&title, &artist, &artwork, move |action| match action {
                MediaAction::Play | MediaAction::Pause => toggle_play(),
                MediaAction::SeekBackward => skip_by(-SKIP_TICKS),
                MediaAction::SeekForward => skip_by(SKIP_TICKS),
                MediaAction::SeekTo(seconds) => seek_to(seconds_to_ticks(seconds)),
                MediaAction::Stop => {
                    if let Some(v) = video() {
                        let _ = v.pause();
                    }
                }
            });
        session.set_value(Some(handle));
        true
    });

    // A clock for the countdown and for hiding the bar.
    let ticker =
        set_interval_with_handle(move || now.set(now_ms()), Duration::from_millis(250)).ok();
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
            // A focused control keeps its own keys: Space and Enter press a button, the arrows
            // move a range.
            let on = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| el.tag_name())
                .unwrap_or_default();
            let key = e.key();
            let own_key = match on.as_str() {
                "INPUT" => key.starts_with("Arrow") || key == " ",
                "BUTTON" => key == " " || key == "Enter",
                _ => false,
            };
            if own_key {
                return;
            }
            match key.as_str() {
                " " | "k" | "K" => toggle_play(),
                "ArrowLeft" | "j" | "J" => skip_by(-SKIP_TICKS),
                "ArrowRight" | "l" | "L" => skip_by(SKIP_TICKS),
                "f" | "F" => toggle_fullscreen(),
                "m" | "M" => toggle_mute(),
                "c" | "C" => cycle_subtitles(),
                "Escape" if menu.get_untracked() != TrackMenu::Closed => {
                    menu.set(TrackMenu::Closed)
                }
                "Escape" => {
                    if !media::screen::is_fullscreen() {
                        go_back();
                    }
                }
                _ => return,
            }
            e.prevent_default();
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

    let intro_end = move || state.with(|s| segments.with(|seg| seg.intro_end_at(s.position_ticks)));
    let on_timeupdate = move |_| {
        sync_state();
        report(PlayerEvent::Tick);
        let (position, run) = state.with_untracked(|s| {
            let run = plan
                .with_untracked(|p| p.as_ref().map_or(s.duration_ticks, |p| s.runtime_ticks(p)));
            (s.position_ticks, run)
        });
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
    let go_back_button = go_back.clone();
    // The track menus' choices (the audio menu shows with two or more).
    let subtitle_options = Signal::derive(move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| track_options(&p.subtitle_streams()))
                .unwrap_or_default()
        })
    });
    let audio_options = Signal::derive(move || {
        plan.with(|p| {
            p.as_ref()
                .map(|p| track_options(&p.audio_streams()))
                .unwrap_or_default()
        })
    });
    let runtime = Signal::derive(move || {
        let known = state.with(|s| s.duration_ticks);
        if known > 0 {
            known
        } else {
            plan.with(|p| p.as_ref().and_then(|p| p.runtime_ticks).unwrap_or(0))
        }
    });

    view! {
        <div class="player" node_ref=root_ref data-controls=move || {
                let shown = controls_shown(state.with(|s| s.paused), menu.get(), last_activity.get(), now.get());
                if shown { "shown" } else { "hidden" }
            }
            on:mousemove=move |_| last_activity.set(now_ms())
            on:touchstart=move |_| last_activity.set(now_ms())>
            <video node_ref=video_ref class="player-video" playsinline="" crossorigin="anonymous" preload="auto"
                aria-label=item.with_value(|i| i.name.clone())
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
                on:volumechange=move |_| {
                    sync_state();
                    let volume = state.with_untracked(|s| if s.muted { 0 } else { s.volume });
                    save_prefs(&|p| p.volume = Some(volume));
                }
                on:ended=move |_| {
                    sync_state();
                    report(PlayerEvent::Stop);
                    if !up_next_cancelled.get_untracked() {
                        play_next_at_end();
                    }
                }>
            </video>
            <div class="player-top">
                <button type="button" class="player-button" aria-label="Back" data-control="back" on:click=move |_| go_back_button()>
                    <span aria-hidden="true">"←"</span>
                </button>
                <h1 class="player-title">{item.with_value(|i| i.name.clone())}</h1>
            </div>
            <PlayerControls state runtime menu subtitles=subtitle_options audio=audio_options
                can_pip=can_pip on_action/>
            <p class="player-error" role="alert" hidden=move || error.with(Option::is_none)>{move || error.get()}</p>
            <button type="button" class="skip-intro" data-action="skip-intro" hidden=move || intro_end().is_none()
                on:click=move |_| { if let Some(end) = intro_end() { seek_to(end); } }>"Skip intro"</button>
            {move || up_next.get().zip(next.get()).filter(|_| !up_next_cancelled.get()).map(|(countdown, next_item)| view! {
                <UpNext item=next_item images=images.clone()
                    seconds_left=Signal::derive(move || countdown.seconds_left(now.get()))
                    on_play=play_next.clone()
                    on_cancel=move || { up_next_cancelled.set(true); up_next.set(None); }/>
            })}
        </div>
    }
}
