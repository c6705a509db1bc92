use marquee_core::events::CacheEvent;
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, MessageEvent};

/// A BroadcastChannel carrying `CacheEvent`s as JSON between the tabs of one user's database.
/// It does not echo to the sender: the tab that changed something updates itself directly.
pub struct CacheChannel {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl CacheChannel {
    pub fn open(name: &str, on_event: impl Fn(CacheEvent) + 'static) -> Result<Self, JsValue> {
        let channel = BroadcastChannel::new(name)?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            // Messages from another version of the app may not parse: ignore them rather than fail.
            if let Some(Ok(parsed)) = event
                .data()
                .as_string()
                .map(|text| serde_json::from_str::<CacheEvent>(&text))
            {
                on_event(parsed);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(Self {
            channel,
            _on_message: on_message,
        })
    }

    pub fn post(&self, event: &CacheEvent) {
        if let Ok(text) = serde_json::to_string(event) {
            let _ = self.channel.post_message(&JsValue::from_str(&text));
        }
    }
}

impl Drop for CacheChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
