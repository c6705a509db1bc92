use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

/// A BroadcastChannel carrying messages of one type, as JSON, between the tabs of one user.
/// It does not echo to the sender: the tab that changed something updates itself directly.
pub struct TabChannel<M> {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _carries: PhantomData<M>,
}

impl<M: Serialize + DeserializeOwned + 'static> TabChannel<M> {
    pub fn open(name: &str, on_message: impl Fn(M) + 'static) -> Result<Self, JsValue> {
        let channel = BroadcastChannel::new(name)?;
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            // Messages from another version of the app may not parse: ignore them rather than fail.
            if let Some(Ok(parsed)) = event
                .data()
                .as_string()
                .map(|text| serde_json::from_str::<M>(&text))
            {
                on_message(parsed);
            }
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Ok(Self {
            channel,
            _on_message: listener,
            _carries: PhantomData,
        })
    }

    pub fn post(&self, message: &M) {
        if let Ok(text) = serde_json::to_string(message) {
            let _ = self.channel.post_message(&JsValue::from_str(&text));
        }
    }
}

impl<M> Drop for TabChannel<M> {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
