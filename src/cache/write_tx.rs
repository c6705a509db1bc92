//! Writes whose failure must be told apart. A full quota does not make `put()` throw: Chromium
//! aborts the transaction at commit, and the reason is on `transaction.error`, a DOMException
//! named `QuotaExceededError`. rexie reports an aborted commit without that reason, so the
//! writes that can fill the disk go through this second, plain connection to the same database
//! and are classified by the error's name (never by its text).
use js_sys::{Function, Promise};
use marquee_core::cache::CacheError;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DomException, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

/// One request of a write transaction.
pub enum WriteOp {
    /// Insert or replace (the store's key path gives the key, or `key`).
    Put {
        store: &'static str,
        value: JsValue,
        key: Option<JsValue>,
    },
    /// Insert; its result is the new key.
    Add {
        store: &'static str,
        value: JsValue,
    },
    Delete {
        store: &'static str,
        key: JsValue,
    },
}

/// What a failed IndexedDB operation means for the app, from the DOMException's name.
pub fn error_from_exception(exception: &DomException) -> CacheError {
    match exception.name().as_str() {
        "QuotaExceededError" => CacheError::QuotaExceeded,
        // The connection closed under us (another tab upgraded the database, or it was deleted).
        "InvalidStateError" => CacheError::VersionChanged,
        name => CacheError::Other(format!("{name}: {}", exception.message())),
    }
}

/// What a thrown JS value means for the app: a DOMException by its name, another error by its
/// message.
pub fn error_from_js(value: JsValue) -> CacheError {
    match value.dyn_into::<DomException>() {
        Ok(exception) => error_from_exception(&exception),
        Err(other) => CacheError::Other(match other.dyn_ref::<js_sys::Error>() {
            Some(error) => String::from(error.message()),
            None => format!("{other:?}"),
        }),
    }
}

/// A promise settled by the first of `on_ok`/`on_err` the caller wires to an event.
fn event_promise(wire: impl FnOnce(&Function, &Function)) -> Promise {
    let mut wire = Some(wire);
    Promise::new(&mut |resolve, reject| {
        if let Some(wire) = wire.take() {
            wire(&resolve, &reject);
        }
    })
}

/// The second connection, for writes only.
pub struct WriteConnection {
    db: IdbDatabase,
    _on_version_change: Closure<dyn FnMut()>,
}

impl WriteConnection {
    /// Opens `name` at whatever version it has (the main connection created and upgraded it).
    pub async fn open(name: &str) -> Result<Self, CacheError> {
        let factory = web_sys::window()
            .and_then(|w| w.indexed_db().ok().flatten())
            .ok_or_else(|| CacheError::Unavailable("no IndexedDB".into()))?;
        let request: IdbOpenDbRequest = factory.open(name).map_err(error_from_js)?;
        let opened = event_promise(|ok, err| {
            request.set_onsuccess(Some(ok));
            request.set_onerror(Some(err));
        });
        JsFuture::from(opened).await.map_err(|_| {
            request
                .error()
                .ok()
                .flatten()
                .map(|e| error_from_exception(&e))
                .unwrap_or_else(|| CacheError::Unavailable("open failed".into()))
        })?;
        let db: IdbDatabase = request
            .result()
            .map_err(error_from_js)?
            .dyn_into()
            .map_err(|_| CacheError::Unavailable("not a database".into()))?;
        // Another tab upgrading the database must not wait on this connection.
        let closing = db.clone();
        let on_version_change = Closure::<dyn FnMut()>::new(move || closing.close());
        db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        Ok(Self {
            db,
            _on_version_change: on_version_change,
        })
    }

    pub fn close(&self) {
        self.db.set_onversionchange(None);
        self.db.close();
    }

    /// Runs `ops` in one transaction over `stores`: all of them are kept or none. Returns each
    /// op's result (the key an `Add` got) once committed; a quota abort is
    /// `CacheError::QuotaExceeded`.
    pub async fn write(
        &self,
        stores: &[&str],
        ops: Vec<WriteOp>,
    ) -> Result<Vec<JsValue>, CacheError> {
        let names = js_sys::Array::new();
        for store in stores {
            names.push(&JsValue::from_str(store));
        }
        let tx = self
            .db
            .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite)
            .map_err(error_from_js)?;
        // Settles on complete or abort; which one, `tx.error()` says afterwards.
        let done = event_promise(|ok, _| {
            tx.set_oncomplete(Some(ok));
            tx.set_onabort(Some(ok));
        });
        let mut requests: Vec<IdbRequest> = Vec::with_capacity(ops.len());
        let mut issued = Ok(());
        for op in ops {
            let request = match op {
                WriteOp::Put { store, value, key } => {
                    tx.object_store(store).and_then(|s| match key {
                        Some(key) => s.put_with_key(&value, &key),
                        None => s.put(&value),
                    })
                }
                WriteOp::Add { store, value } => tx.object_store(store).and_then(|s| s.add(&value)),
                WriteOp::Delete { store, key } => {
                    tx.object_store(store).and_then(|s| s.delete(&key))
                }
            };
            match request {
                Ok(request) => requests.push(request),
                Err(e) => {
                    issued = Err(error_from_js(e));
                    let _ = tx.abort();
                    break;
                }
            }
        }
        if issued.is_ok() {
            // Deprecated in web-sys only because older specs lacked it; Chromium has it, and it
            // saves waiting for the transaction to go idle.
            #[allow(deprecated)]
            let _ = tx.commit();
        }
        let _ = JsFuture::from(done).await;
        tx.set_oncomplete(None);
        tx.set_onabort(None);
        issued?;
        if let Some(error) = tx.error() {
            return Err(error_from_exception(&error));
        }
        requests
            .iter()
            .map(|r| r.result().map_err(error_from_js))
            .collect()
    }
}
