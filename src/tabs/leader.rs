//! Which tab leads (drains the outbox, holds the push socket, sweeps in the background): one
//! per user database, with a Web Lock where the browser has them and a lease in localStorage
//! where it does not (no secure context). Callers see only `elect_leader` and the handle it
//! returns; letting go of the handle (log out, a new login) hands leadership to the next tab
//! at once, without a reload.
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::{Function, Object, Reflect};
use marquee_core::lease::{keeps_lease_against, next_step, parse_lease, Lease, LeaseStep};
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, BroadcastChannel, MessageEvent};

use super::lease::{self, Renewal};
use super::locks::{deferred, lock_manager, request};

/// Leadership of one name, held or waited for. Dropping it (or `release`) lets go.
pub struct Leadership {
    state: Rc<State>,
}

struct State {
    name: String,
    leading: Cell<bool>,
    released: Cell<bool>,
    on_acquired: Box<dyn Fn()>,
    on_lost: Box<dyn Fn()>,
    mechanism: RefCell<Option<Mechanism>>,
}

enum Mechanism {
    WebLock {
        /// Resolves the promise the lock callback returned: the browser then frees the lock.
        release: Function,
        /// Withdraws a request still waiting in the browser's queue.
        abort: AbortController,
    },
    Lease(LeaseElection),
}

/// Waits to lead `name` (`on_acquired` when this tab becomes the leader), for as long as the
/// returned handle lives. `on_lost` runs if leadership is taken away without a release (only a
/// lease can be: its holder froze past its expiry and another tab took over).
pub fn elect_leader(
    name: &str,
    on_acquired: impl Fn() + 'static,
    on_lost: impl Fn() + 'static,
) -> Leadership {
    let state = new_state(name, on_acquired, on_lost);
    let mechanism = match lock_manager() {
        Some(locks) => web_lock(&state, &locks),
        None => None,
    }
    .or_else(|| lease_election(&state));
    install(state, mechanism)
}

/// `elect_leader` by lease even where Web Locks exist: what a browser without them runs (and
/// what the browser tests exercise).
pub fn elect_leader_by_lease(
    name: &str,
    on_acquired: impl Fn() + 'static,
    on_lost: impl Fn() + 'static,
) -> Leadership {
    let state = new_state(name, on_acquired, on_lost);
    let mechanism = lease_election(&state);
    install(state, mechanism)
}

fn lease_election(state: &Rc<State>) -> Option<Mechanism> {
    lease::available().then(|| Mechanism::Lease(LeaseElection::start(state)))
}

fn install(state: Rc<State>, mechanism: Option<Mechanism>) -> Leadership {
    if mechanism.is_none() {
        // Neither Web Locks nor storage: this tab can only act alone.
        state.acquire();
    }
    *state.mechanism.borrow_mut() = mechanism;
    Leadership { state }
}

fn new_state(
    name: &str,
    on_acquired: impl Fn() + 'static,
    on_lost: impl Fn() + 'static,
) -> Rc<State> {
    Rc::new(State {
        name: name.to_string(),
        leading: Cell::new(false),
        released: Cell::new(false),
        on_acquired: Box::new(on_acquired),
        on_lost: Box::new(on_lost),
        mechanism: RefCell::new(None),
    })
}

impl Leadership {
    pub fn is_leader(&self) -> bool {
        self.state.leading.get()
    }

    /// Lets go (or stops waiting). The next waiting tab leads at once.
    pub fn release(&self) {
        if self.state.released.replace(true) {
            return;
        }
        self.state.leading.set(false);
        match self.state.mechanism.borrow_mut().take() {
            Some(Mechanism::WebLock { release, abort }) => {
                let _ = release.call0(&JsValue::NULL);
                abort.abort();
            }
            Some(Mechanism::Lease(election)) => election.stop(&self.state.name),
            None => {}
        }
    }
}

impl Drop for Leadership {
    fn drop(&mut self) {
        self.release();
    }
}

impl State {
    fn acquire(&self) {
        if !self.released.get() && !self.leading.replace(true) {
            (self.on_acquired)();
        }
    }

    fn lose(&self) {
        if self.leading.replace(false) && !self.released.get() {
            (self.on_lost)();
        }
    }
}

fn web_lock(state: &Rc<State>, locks: &Object) -> Option<Mechanism> {
    let abort = AbortController::new().ok()?;
    let (released, release) = deferred();
    let weak = Rc::downgrade(state);
    let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        if let Some(state) = weak.upgrade() {
            state.acquire();
        }
        // Held until `release` resolves it (log out, a new login, or the tab going away).
        released.into()
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"signal".into(), &abort.signal());
    let pending = request(locks, &state.name, &options, callback).ok()?;
    // Aborting a request that still waits rejects it: that is expected, not an error.
    let ignore = Closure::<dyn FnMut(JsValue)>::new(|_| {});
    let _ = pending.catch(&ignore);
    ignore.forget(); // one per election
    Some(Mechanism::WebLock { release, abort })
}

/// The lease-based election: every tab checks the lease each renewal period and whenever the
/// holder says it let go; the holder renews it and tells the others over a BroadcastChannel.
struct LeaseElection {
    holder: String,
    channel: Option<BroadcastChannel>,
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    _timer: Option<Renewal>,
}

enum LeaseMessage {
    /// The holder renewed: another tab that believes it holds the lease compares.
    Renewed(Lease),
    /// The holder let go: waiting tabs claim now rather than at their next check.
    Released,
}

/// On the channel: "released", or the renewed lease's record.
const RELEASED: &str = "released";

impl LeaseMessage {
    fn to_text(&self) -> String {
        match self {
            LeaseMessage::Renewed(lease) => lease.to_record(),
            LeaseMessage::Released => RELEASED.to_string(),
        }
    }

    fn parse(text: &str) -> Option<LeaseMessage> {
        if text == RELEASED {
            return Some(LeaseMessage::Released);
        }
        parse_lease(Some(text)).map(LeaseMessage::Renewed)
    }
}

/// The lease's own "since" while this tab holds it.
type Since = Rc<Cell<i64>>;

impl LeaseElection {
    fn start(state: &Rc<State>) -> LeaseElection {
        let holder = lease::new_holder_id();
        let since: Since = Rc::new(Cell::new(0));
        let channel = BroadcastChannel::new(&format!("marquee-lease:{}", state.name)).ok();
        let check = {
            let weak = Rc::downgrade(state);
            let holder = holder.clone();
            let since = since.clone();
            let channel = channel.clone();
            Rc::new(move || check(&weak, &holder, &since, channel.as_ref()))
        };
        let on_message = channel.as_ref().map(|channel| {
            let weak = Rc::downgrade(state);
            let holder = holder.clone();
            let since = since.clone();
            let check = check.clone();
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let message = event
                    .data()
                    .as_string()
                    .and_then(|text| LeaseMessage::parse(&text));
                match message {
                    Some(LeaseMessage::Released) => check(),
                    Some(LeaseMessage::Renewed(theirs)) => {
                        let Some(state) = weak.upgrade() else { return };
                        if state.leading.get() && theirs.holder != holder {
                            let mine = Lease::renewed(&holder, since.get(), theirs.expires_at);
                            if !keeps_lease_against(&mine, &theirs) {
                                state.lose();
                            }
                        }
                    }
                    None => {}
                }
            });
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message
        });
        let timer = {
            let check = check.clone();
            lease::renew_every_tick(move || check())
        };
        check();
        LeaseElection {
            holder,
            channel,
            _on_message: on_message,
            _timer: timer,
        }
    }

    fn stop(self, name: &str) {
        lease::release(name, &self.holder);
        if let Some(channel) = &self.channel {
            post(channel, &LeaseMessage::Released);
            channel.set_onmessage(None);
            channel.close();
        }
    }
}

fn post(channel: &BroadcastChannel, message: &LeaseMessage) {
    let _ = channel.post_message(&JsValue::from_str(&message.to_text()));
}

/// One look at the lease: renew it, claim it, or notice it was taken over.
fn check(weak: &Weak<State>, holder: &str, since: &Since, channel: Option<&BroadcastChannel>) {
    let Some(state) = weak.upgrade() else { return };
    if state.released.get() {
        return;
    }
    let now = js_sys::Date::now() as i64;
    let current = lease::read(&state.name);
    match next_step(current.as_ref(), holder, now) {
        LeaseStep::Renew if state.leading.get() => {
            let renewed = Lease::renewed(holder, since.get(), now);
            lease::write(&state.name, &renewed);
            if let Some(channel) = channel {
                post(channel, &LeaseMessage::Renewed(renewed));
            }
        }
        // Our claim, read back by a check that ran while the claim settled: the claim decides.
        LeaseStep::Renew => {}
        LeaseStep::Wait => state.lose(),
        LeaseStep::Claim => {
            if state.leading.get() {
                // Ours lapsed (the tab was frozen): someone may have taken it meanwhile.
                state.lose();
            }
            let weak = weak.clone();
            let holder = holder.to_string();
            let since = since.clone();
            let channel = channel.cloned();
            wasm_bindgen_futures::spawn_local(async move {
                let Some(name) = weak.upgrade().map(|s| s.name.clone()) else {
                    return;
                };
                let started = js_sys::Date::now() as i64;
                if lease::try_claim(&name, &holder, started).await {
                    let Some(state) = weak.upgrade() else { return };
                    if state.released.get() {
                        lease::release(&name, &holder);
                        return;
                    }
                    since.set(started);
                    if let (Some(channel), Some(current)) = (&channel, lease::read(&name)) {
                        post(channel, &LeaseMessage::Renewed(current));
                    }
                    state.acquire();
                }
            });
        }
    }
}

/// The lease record of `name` as every tab sees it (`None` with Web Locks, or when free).
pub fn stored_lease(name: &str) -> Option<Lease> {
    lease::read(name)
}
