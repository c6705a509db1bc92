//! The cross-tab layer: BroadcastChannel events and Web Locks exclusivity.
use std::cell::RefCell;
use std::rc::Rc;

use marquee::tabs::{with_lock_if_available, CacheChannel};
use marquee_core::events::CacheEvent;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::{unique, wait_for};

#[wasm_bindgen_test]
async fn two_channels_exchange_cache_events() {
    let name = unique("channel");
    let heard: Rc<RefCell<Vec<CacheEvent>>> = Rc::default();
    let sink = heard.clone();
    let listener = CacheChannel::open(&name, move |event| sink.borrow_mut().push(event)).unwrap();
    let speaker_heard: Rc<RefCell<Vec<CacheEvent>>> = Rc::default();
    let speaker_sink = speaker_heard.clone();
    let speaker =
        CacheChannel::open(&name, move |event| speaker_sink.borrow_mut().push(event)).unwrap();

    let event = CacheEvent::LibraryRefreshCompleted {
        library_id: "abc".into(),
        changed: true,
    };
    speaker.post(&event);
    speaker.post(&CacheEvent::HomeSectionsRefreshed);
    let got = wait_for("both events on the other channel", 2_000.0, || {
        let heard = heard.clone();
        async move { (heard.borrow().len() == 2).then(|| heard.borrow().clone()) }
    })
    .await;
    assert_eq!(got, vec![event, CacheEvent::HomeSectionsRefreshed]);
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
