//! The cross-tab layer: BroadcastChannel events and Web Locks exclusivity.
use std::cell::RefCell;
use std::rc::Rc;

use std::cell::Cell;

use marquee::cache::error_from_exception;
use marquee::tabs::{
    elect_leader, elect_leader_by_lease, stored_lease, with_lease, with_lock_if_available,
    Leadership, TabChannel,
};
use marquee_core::cache::CacheError;
use marquee_core::lease::{Lease, LEASE_TTL_MS};
use marquee_core::tab_message::TabMessage;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{unique, wait_for};

#[wasm_bindgen_test]
async fn two_channels_exchange_cache_events() {
    let name = unique("channel");
    let heard: Rc<RefCell<Vec<TabMessage>>> = Rc::default();
    let sink = heard.clone();
    let listener = TabChannel::open(&name, move |event| sink.borrow_mut().push(event)).unwrap();
    let speaker_heard: Rc<RefCell<Vec<TabMessage>>> = Rc::default();
    let speaker_sink = speaker_heard.clone();
    let speaker =
        TabChannel::open(&name, move |event| speaker_sink.borrow_mut().push(event)).unwrap();

    let event = TabMessage::LibraryRefreshCompleted {
        library_id: "abc".into(),
        changed: true,
    };
    speaker.post(&event);
    speaker.post(&TabMessage::HomeSectionsRefreshed);
    let got = wait_for("both events on the other channel", 2_000.0, || {
        let heard = heard.clone();
        async move { (heard.borrow().len() == 2).then(|| heard.borrow().clone()) }
    })
    .await;
    assert_eq!(got, vec![event, TabMessage::HomeSectionsRefreshed]);
    assert!(
        speaker_heard.borrow().is_empty(),
        "a channel does not hear itself"
    );
    drop(listener);
}

#[wasm_bindgen_test]
async fn a_web_lock_lets_only_one_holder_work_at_a_time() {
    let name = unique("lock");
    let mut release_slot = None;
    let hold = js_sys::Promise::new(&mut |resolve, _| release_slot = Some(resolve));
    let release = release_slot.unwrap();

    let first_name = name.clone();
    let first_done: Rc<RefCell<Option<Option<u32>>>> = Rc::default();
    let first_result = first_done.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let r = with_lock_if_available(&first_name, async move {
            JsFuture::from(hold).await.unwrap();
            1
        })
        .await;
        *first_result.borrow_mut() = Some(r);
    });
    crate::support::sleep_ms(50).await;

    // While the first holds it, a second caller is turned away at once.
    let second = with_lock_if_available(&name, async { 2 }).await;
    assert_eq!(second, None);

    release.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    let first = wait_for("the first holder to finish", 2_000.0, || {
        let done = first_done.clone();
        async move { *done.borrow() }
    })
    .await;
    assert_eq!(first, Some(1));
    assert_eq!(
        with_lock_if_available(&name, async { 3 }).await,
        Some(3),
        "free again after release"
    );
}

#[wasm_bindgen_test]
async fn the_lock_is_free_as_soon_as_its_holder_returns() {
    // The refresh runner reruns a key in this tab right after its refresh returns: the lock must
    // be free by then, or the rerun would wait for a broadcast that never comes.
    let name = unique("lock-again");
    for i in 0..20 {
        let got = with_lock_if_available(&name, async move { i }).await;
        assert_eq!(got, Some(i), "call {i} right after the previous one");
    }
}

/// One candidate in an election: how often it became leader, and whether it leads now.
struct Candidate {
    acquired: Rc<Cell<u32>>,
    lost: Rc<Cell<u32>>,
    handle: Leadership,
}

fn candidate(name: &str, by_lease: bool) -> Candidate {
    let acquired: Rc<Cell<u32>> = Rc::default();
    let lost: Rc<Cell<u32>> = Rc::default();
    let (a, l) = (acquired.clone(), lost.clone());
    let on_acquired = move || a.set(a.get() + 1);
    let on_lost = move || l.set(l.get() + 1);
    let handle = if by_lease {
        elect_leader_by_lease(name, on_acquired, on_lost)
    } else {
        elect_leader(name, on_acquired, on_lost)
    };
    Candidate {
        acquired,
        lost,
        handle,
    }
}

fn leaders(candidates: &[&Candidate]) -> usize {
    candidates.iter().filter(|c| c.handle.is_leader()).count()
}

#[wasm_bindgen_test]
async fn a_lease_elects_exactly_one_leader_and_hands_over_on_release() {
    let name = unique("lease-leader");
    // Two tabs' elections, each with its own BroadcastChannel object.
    let first = candidate(&name, true);
    let second = candidate(&name, true);
    wait_for("a leader", 3_000.0, || {
        let n = leaders(&[&first, &second]);
        async move { (n > 0).then_some(()) }
    })
    .await;
    // Through several renewals: still one, the same one, elected once.
    crate::support::sleep_ms(2_500).await;
    assert_eq!(leaders(&[&first, &second]), 1, "exactly one leader");
    assert_eq!(
        first.acquired.get() + second.acquired.get(),
        1,
        "leadership was acquired once, never flapped"
    );
    let (leader, follower) = if first.handle.is_leader() {
        (first, second)
    } else {
        (second, first)
    };
    let held_by = stored_lease(&name).expect("the leader's lease is stored");

    // The leader lets go (log out): the other takes over at once, well before the lease's TTL.
    let released_at = js_sys::Date::now();
    leader.handle.release();
    wait_for("the other tab to take over", 1_500.0, || {
        let leads = follower.handle.is_leader();
        async move { leads.then_some(()) }
    })
    .await;
    assert!(
        js_sys::Date::now() - released_at < LEASE_TTL_MS as f64,
        "handed over on release, not on expiry"
    );
    assert!(!leader.handle.is_leader());
    let now_held_by = stored_lease(&name).expect("the new leader's lease is stored");
    assert_ne!(now_held_by.holder, held_by.holder);
    assert_eq!(follower.lost.get() + leader.lost.get(), 0, "nobody lost it");
    follower.handle.release();
    assert_eq!(stored_lease(&name), None, "a released lease is gone");
}

#[wasm_bindgen_test]
async fn a_lapsed_lease_is_taken_over_and_a_live_one_is_not() {
    let name = unique("lease-takeover");
    // A tab that died while leading: its lease runs out 1.5 s from now.
    let now = js_sys::Date::now() as i64;
    let ghost = Lease {
        holder: "a-tab-that-died".into(),
        since: now - 10_000,
        expires_at: now + 1_500,
    };
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage
        .set_item(
            &format!("marquee-lease:{name}"),
            &serde_json::to_string(&ghost).unwrap(),
        )
        .unwrap();
    let waiting = candidate(&name, true);
    crate::support::sleep_ms(1_000).await;
    assert!(!waiting.handle.is_leader(), "a live lease is respected");
    wait_for("the takeover once the lease lapsed", 3_000.0, || {
        let leads = waiting.handle.is_leader();
        async move { leads.then_some(()) }
    })
    .await;
    assert!(js_sys::Date::now() as i64 >= ghost.expires_at);
    assert_ne!(stored_lease(&name).unwrap().holder, ghost.holder);
}

#[wasm_bindgen_test]
async fn a_key_lease_lets_one_holder_work_at_a_time_and_waiters_all_run() {
    let name = unique("lease-key");
    let inside: Rc<Cell<u32>> = Rc::default();
    let most: Rc<Cell<u32>> = Rc::default();
    let finished: Rc<Cell<u32>> = Rc::default();
    for _ in 0..3 {
        let (name, inside, most, finished) =
            (name.clone(), inside.clone(), most.clone(), finished.clone());
        wasm_bindgen_futures::spawn_local(async move {
            with_lease(&name, async {
                inside.set(inside.get() + 1);
                most.set(most.get().max(inside.get()));
                crate::support::sleep_ms(150).await;
                inside.set(inside.get() - 1);
            })
            .await;
            finished.set(finished.get() + 1);
        });
    }
    wait_for("every waiter to get its turn", 5_000.0, || {
        let done = finished.get();
        async move { (done == 3).then_some(()) }
    })
    .await;
    assert_eq!(most.get(), 1, "never two holders at once");
}

#[wasm_bindgen_test]
async fn a_released_web_lock_leader_hands_over_without_a_reload() {
    let name = unique("leader");
    let first = candidate(&name, false);
    wait_for("the first to lead", 2_000.0, || {
        let leads = first.handle.is_leader();
        async move { leads.then_some(()) }
    })
    .await;
    let second = candidate(&name, false);
    let third = candidate(&name, false);
    crate::support::sleep_ms(100).await;
    assert_eq!(leaders(&[&first, &second, &third]), 1);
    // The second logs out while still waiting: it must never lead later.
    second.handle.release();
    // The leader logs out (or its token expired): the next waiting election leads at once.
    first.handle.release();
    wait_for("the third to lead", 2_000.0, || {
        let leads = third.handle.is_leader();
        async move { leads.then_some(()) }
    })
    .await;
    crate::support::sleep_ms(100).await;
    assert_eq!(second.acquired.get(), 0, "a withdrawn request never leads");
    assert!(!first.handle.is_leader());
}

#[wasm_bindgen_test]
fn a_quota_abort_is_known_by_its_name_not_its_text() {
    let full = web_sys::DomException::new_with_message_and_name(
        "The transaction was aborted",
        "QuotaExceededError",
    )
    .unwrap();
    assert_eq!(error_from_exception(&full), CacheError::QuotaExceeded);
    // Text that mentions the quota does not make another error a full disk.
    let other = web_sys::DomException::new_with_message_and_name(
        "QuotaExceededError mentioned in a message",
        "AbortError",
    )
    .unwrap();
    assert!(matches!(
        error_from_exception(&other),
        CacheError::Other(text) if text.starts_with("AbortError")
    ));
}
