//! Reusable views.
mod banner;
mod card;
mod card_menu;
mod download_button;
mod freshness;
mod links;
mod outbox_note;
mod poster;
mod progress_bar;
mod section;
mod user_actions;
mod virtual_grid;

pub use banner::{ActionNote, StorageBanner};
pub use card::ItemCard;
pub use card_menu::CardMenu;
pub use download_button::{offline_attr, DownloadButton, OfflineMark};
pub use freshness::FreshnessBadge;
pub use links::item_href;
pub use outbox_note::{OutboxNote, UnsentChanges};
pub use poster::Poster;
pub use progress_bar::ProgressBar;
pub use section::ItemRow;
pub use user_actions::{pending_attr, UserActions};
pub use virtual_grid::{saved_scroll, VirtualGrid};
