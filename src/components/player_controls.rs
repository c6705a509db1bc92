//! The player's control bar: play/pause, ±10 s, the seek bar with what is buffered, elapsed and
//! remaining time, mute and volume, the subtitles and audio menus, picture-in-picture and
//! fullscreen. Every control is a labelled button (the seek bar and volume are labelled
//! ranges). It renders `core::player`'s answers and hands what the user asks to the player.
use leptos::prelude::*;
use marquee_core::player::{PlayerState, TrackMenu, TICKS_PER_SECOND};
use wasm_bindgen::JsCast;

/// What the user asked of the player.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ControlAction {
    /// Play or pause.
    TogglePlay,
    /// Move by this many ticks.
    Skip(i64),
    /// Go to this position, in ticks.
    SeekTo(i64),
    /// Mute or unmute.
    ToggleMute,
    /// Set the volume, 0 to 100 (unmutes).
    Volume(i32),
    /// Show this subtitle stream (`None`: off).
    Subtitle(Option<i32>),
    /// Play this audio stream.
    Audio(i32),
    /// Float the video in its own window, or bring it back.
    PictureInPicture,
    /// Enter or leave fullscreen.
    Fullscreen,
}

/// One choice in a track menu.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackOption {
    /// The stream's index.
    pub index: i32,
    /// What people read.
    pub label: String,
}

/// The value of the range input an event came from.
fn range_value(event: &leptos::ev::Event) -> Option<f64> {
    let input = event
        .target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    input.value().parse().ok()
}

/// The bar; `runtime` is the media's length in ticks, `menu` the open track menu.
#[component]
pub fn PlayerControls(
    state: RwSignal<PlayerState>,
    #[prop(into)] runtime: Signal<i64>,
    menu: RwSignal<TrackMenu>,
    #[prop(into)] subtitles: Signal<Vec<TrackOption>>,
    #[prop(into)] audio: Signal<Vec<TrackOption>>,
    #[prop(into)] can_pip: Signal<bool>,
    on_action: UnsyncCallback<ControlAction>,
) -> impl IntoView {
    let act = move |action| on_action.run(action);
    let bar = Memo::new(move |_| state.with(|s| s.seek_bar(runtime.get())));
    let paused = move || state.with(|s| s.paused);
    let muted = move || state.with(|s| s.muted || s.volume == 0);
    let subtitle_index = move || state.with(|s| s.subtitle_stream_index);
    let audio_index = move || state.with(|s| s.audio_stream_index);
    let open = move |which: TrackMenu| menu.update(|m| *m = m.toggled(which));
    let choice = move |label: String, checked: Signal<bool>, pick: ControlAction| {
        view! {
            <button type="button" role="menuitemradio" class="player-menu-item"
                aria-checked=move || checked.get().to_string()
                on:click=move |_| { act(pick); menu.set(TrackMenu::Closed); }>{label}</button>
        }
    };

    view! {
        <div class="player-controls">
            <div class="player-seek-row">
                <span class="player-time" data-time="elapsed">{move || bar.with(|b| b.elapsed.clone())}</span>
                <div class="player-seek">
                    <div class="player-buffered" data-buffered=move || bar.with(|b| b.buffered_percent.to_string())
                        style:width=move || bar.with(|b| format!("{}%", b.buffered_percent))></div>
                    <input type="range" class="player-range" data-control="seek" aria-label="Seek" min="0" step="1"
                        prop:max=move || bar.with(|b| b.max_seconds.to_string())
                        prop:value=move || bar.with(|b| b.value_seconds.to_string())
                        aria-valuetext=move || bar.with(|b| format!("{} of {}", b.elapsed, b.remaining))
                        on:input=move |e| {
                            if let Some(seconds) = range_value(&e) {
                                act(ControlAction::SeekTo((seconds * TICKS_PER_SECOND as f64) as i64));
                            }
                        }/>
                </div>
                <span class="player-time" data-time="remaining">{move || bar.with(|b| b.remaining.clone())}</span>
            </div>
            <div class="player-bar">
                <button type="button" class="player-button" data-control="play"
                    aria-label=move || if paused() { "Play" } else { "Pause" }
                    on:click=move |_| act(ControlAction::TogglePlay)>
                    <span aria-hidden="true">{move || if paused() { "▶" } else { "❚❚" }}</span>
                </button>
                <button type="button" class="player-button" aria-label="Back 10 seconds" data-control="back-10"
                    on:click=move |_| act(ControlAction::Skip(-10 * TICKS_PER_SECOND))>"−10"</button>
                <button type="button" class="player-button" aria-label="Forward 10 seconds" data-control="forward-10"
                    on:click=move |_| act(ControlAction::Skip(10 * TICKS_PER_SECOND))>"+10"</button>
                <button type="button" class="player-button" data-control="mute"
                    aria-label=move || if muted() { "Unmute" } else { "Mute" }
                    on:click=move |_| act(ControlAction::ToggleMute)>
                    <svg class="player-icon" viewBox="0 0 24 24" aria-hidden="true">
                        <path d="M3 9v6h4l5 4V5L7 9z" fill="currentColor"/>
                        <path d=move || if muted() { "M16 9l5 6M21 9l-5 6" } else { "M16 8a5 5 0 0 1 0 8M18.5 5.5a8.5 8.5 0 0 1 0 13" }/>
                    </svg>
                </button>
                <input type="range" class="player-range player-volume" data-control="volume" aria-label="Volume"
                    min="0" max="100" step="1"
                    prop:value=move || state.with(|s| if s.muted { 0 } else { s.volume }).to_string()
                    on:input=move |e| {
                        if let Some(volume) = range_value(&e) {
                            act(ControlAction::Volume(volume as i32));
                        }
                    }/>
                <span class="player-bar-gap"></span>
                <div class="player-menu-anchor" hidden=move || subtitles.with(Vec::is_empty)>
                    <button type="button" class="player-button" data-control="subtitles" aria-label="CC subtitles"
                        aria-haspopup="menu" aria-expanded=move || (menu.get() == TrackMenu::Subtitles).to_string()
                        on:click=move |_| open(TrackMenu::Subtitles)>"CC"</button>
                    <div class="player-menu" role="menu" aria-label="Subtitles" data-menu="subtitles"
                        hidden=move || menu.get() != TrackMenu::Subtitles>
                        {choice("Off".into(), Signal::derive(move || subtitle_index().is_none()), ControlAction::Subtitle(None))}
                        {move || subtitles.get().into_iter().map(|t| {
                            let index = t.index;
                            choice(t.label, Signal::derive(move || subtitle_index() == Some(index)), ControlAction::Subtitle(Some(index)))
                        }).collect_view()}
                    </div>
                </div>
                <div class="player-menu-anchor" hidden=move || audio.with(|a| a.len() < 2)>
                    <button type="button" class="player-button" data-control="audio" aria-label="Audio"
                        aria-haspopup="menu" aria-expanded=move || (menu.get() == TrackMenu::Audio).to_string()
                        on:click=move |_| open(TrackMenu::Audio)>
                        <span aria-hidden="true">"♪"</span>
                    </button>
                    <div class="player-menu" role="menu" aria-label="Audio" data-menu="audio"
                        hidden=move || menu.get() != TrackMenu::Audio>
                        {move || audio.get().into_iter().map(|t| {
                            let index = t.index;
                            choice(t.label, Signal::derive(move || audio_index() == Some(index)), ControlAction::Audio(index))
                        }).collect_view()}
                    </div>
                </div>
                <button type="button" class="player-button" data-control="pip" aria-label="Picture in picture"
                    hidden=move || !can_pip.get() on:click=move |_| act(ControlAction::PictureInPicture)>
                    <svg class="player-icon" viewBox="0 0 24 24" aria-hidden="true">
                        <path d="M3 5h18v14H3z"/><path d="M12 12h7v5h-7z" fill="currentColor"/>
                    </svg>
                </button>
                <button type="button" class="player-button" data-control="fullscreen" aria-label="Fullscreen"
                    on:click=move |_| act(ControlAction::Fullscreen)>
                    <svg class="player-icon" viewBox="0 0 24 24" aria-hidden="true">
                        <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5"/>
                    </svg>
                </button>
            </div>
        </div>
    }
}
