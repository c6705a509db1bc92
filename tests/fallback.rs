//! With IndexedDB unavailable (built with `--features fail-idb-open`, as a browser profile
//! with storage disabled behaves), the store runs from memory, says so, and still works.
#![cfg(feature = "fail-idb-open")]
use leptos::prelude::*;
use marquee::account::login;
use marquee::store::{QueryStatus, Store, StoreOptions};
use marquee_core::model::QueryKey;
use marquee_core::refresh::RefreshPriority;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

// The browser tests' helpers; this binary uses only some of them.
#[allow(dead_code)]
#[path = "browser/support.rs"]
mod support;

use support::{demo_server, wait_for};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn without_indexeddb_the_store_runs_from_memory_and_says_so() {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let server = demo_server().expect("MARQUEE_TEST_SERVER");
    let session = login(server, "demo", "demo").await.expect("log in");
    let store = Store::open(&session, StoreOptions::default()).await;
    assert!(!store.keeps_data(), "fell back to memory");
    let note = store
        .storage_note()
        .get_untracked()
        .expect("a note for the user");
    assert!(note.contains("nothing will be kept"), "{note}");

    let libraries = store.watch(QueryKey::Libraries, RefreshPriority::High);
    wait_for(
        "libraries from the server, kept in memory",
        10_000.0,
        || async {
            libraries
                .with_untracked(|s| s.status == QueryStatus::Fresh && s.items().len() >= 2)
                .then_some(())
        },
    )
    .await;
}
