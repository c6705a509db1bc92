//! The app's own types: what it stores, shows and asks for, built from the wire types.

mod field_level;
mod first_screen;
mod image_ref;
mod item;
mod item_kind;
mod item_pictures;
mod library_sync;
mod library_view;
mod library_view_change;
mod model_error;
mod person;
mod query_key;
mod server_windows;
mod sort_keys;
mod text_fold;
mod user_data;

pub use crate::jellyfin::request::SortOrder;
pub use crate::jellyfin::ImageType;
pub use field_level::FieldLevel;
pub use first_screen::whole_windows;
pub use image_ref::ImageRef;
pub use item::Item;
pub use item_kind::ItemKind;
pub use library_sync::{changes_since, IdListPages, IdsPage, IDS_PAGE};
pub use library_view::{LibraryFilter, LibraryItemType, LibrarySort, LibraryView};
pub use library_view_change::LibraryViewChange;
pub use model_error::ModelError;
pub use person::Person;
pub use query_key::{ParseQueryKeyError, QueryKey, HOME_ROW_LIMIT};
pub use server_windows::{
    page_of_answer, LetterOffset, PageRun, ServerWindows, SyncProgress, MAX_PAGES_PER_ASK,
};
pub(crate) use sort_keys::letter_group;
pub use sort_keys::SortKeys;
pub use user_data::UserData;
