//! With IndexedDB unavailable (built with `--features fail-idb-open`, as a browser profile
//! with storage disabled behaves), the store runs from memory, says so, and still works.
#![cfg(feature = "fail-idb-open")]
use leptos::prelude::*;
use marquee::account::login;
use marquee::store::{QueryStatus, Store, StoreOptions};
use marquee_core::model::QueryKey;
use marquee_core::refresh::RefreshPriority;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

async fn tick(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn without_indexeddb_the_store_runs_from_memory_and_says_so() {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let server = option_env!("MARQUEE_TEST_SERVER").expect("MARQUEE_TEST_SERVER");
    let session = login(server, "demo", "demo").await.expect("log in");
    let store = Store::open(&session, StoreOptions::default()).await;
    assert!(!store.cache().is_persistent(), "fell back to memory");
    let note = store
        .storage_note
        .get_untracked()
        .expect("a note for the user");
    assert!(note.contains("nothing will be kept"), "{note}");

    let libraries = store.watch(QueryKey::Libraries, RefreshPriority::High);
    let start = js_sys::Date::now();
    loop {
        let done =
            libraries.with_untracked(|s| s.status == QueryStatus::Fresh && s.items().len() >= 2);
        if done {
            break;
        }
        assert!(
            js_sys::Date::now() - start < 10_000.0,
            "libraries from the server, kept in memory"
        );
        tick(20).await;
    }
}
