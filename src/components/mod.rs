//! Reusable views.
mod banner;
mod card;
mod card_menu;
mod freshness;
mod links;
mod play_buttons;
mod player;
mod poster;
mod progress_bar;
mod section;
mod up_next;
mod user_actions;
mod virtual_grid;

pub use banner::{ActionNote, StorageBanner};
pub use card::ItemCard;
pub use card_menu::CardMenu;
pub use freshness::FreshnessBadge;
pub use links::item_href;
pub use play_buttons::PlayButtons;
pub use player::Player;
pub use poster::Poster;
pub use progress_bar::ProgressBar;
pub use section::ItemRow;
pub use up_next::UpNext;
pub use user_actions::{pending_attr, UserActions};
pub use virtual_grid::{saved_scroll, VirtualGrid};
