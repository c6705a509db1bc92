use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::account::login;
use crate::components::BrandMark;
use crate::session::use_session;

/// The server address defaults to the page's own origin: the demo server serves both.
fn own_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let server = NodeRef::<Input>::new();
    let username = NodeRef::<Input>::new();
    let password = NodeRef::<Input>::new();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let value = |input: NodeRef<Input>| input.get().map(|i| i.value()).unwrap_or_default();
        let (s, u, p) = (value(server), value(username), value(password));
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match login(&s, &u, &p).await {
                Ok(new_session) => {
                    session.current.try_set(Some(new_session));
                    navigate("/", Default::default());
                }
                // The form keeps what was typed: nothing to enter again but the fix.
                Err(e) => {
                    error.try_set(Some(e.to_string()));
                }
            }
            busy.try_set(false);
        });
    };

    view! {
        <main data-page="login" data-freshness="fresh" class="page login">
            <form class="login-form" on:submit=on_submit>
                <h1 class="login-brand"><BrandMark/>"Marquee"</h1>
                <p class="muted">"Sign in to your Jellyfin server."</p>
                <label>
                    "Server"
                    <input node_ref=server name="server" type="url" inputmode="url" autocomplete="url" value=own_origin() required/>
                </label>
                <label>
                    "User name"
                    <input node_ref=username name="username" type="text" autocomplete="username" autocapitalize="none" required/>
                </label>
                <label>
                    "Password"
                    <input node_ref=password name="password" type="password" autocomplete="current-password"/>
                </label>
                <button type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
                <p class="form-error" role="alert" data-login-error=move || error.get().is_some().to_string()>
                    {move || error.get()}
                </p>
            </form>
        </main>
    }
}
