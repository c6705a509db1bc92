//! Jellyfin's wire types (serde, PascalCase, tolerant of what real servers send) and
//! pure request building ([`request`]).

#[macro_use]
mod open_enum;

mod answer;
mod auth;
mod base_item;
mod collection_type;
mod date;
mod device_profile;
mod image_type;
mod item_type;
mod items_result;
mod lenient_list;
mod lenient_map;
mod media_segment;
mod media_stream;
mod name_guid_pair;
mod person;
mod playback_info;
mod playback_report;
pub mod request;
mod system_info;
mod ticks;
mod user_data;

pub use answer::{is_json_content_type, read_user_data_answer};
pub use auth::{AuthenticationResult, SessionInfoDto, UserDto};
pub use base_item::BaseItemDto;
pub use collection_type::CollectionType;
pub use date::{format_jellyfin_date, parse_jellyfin_date};
pub use device_profile::{DeviceProfile, DirectPlayProfile, SubtitleProfile, TranscodingProfile};
pub use image_type::ImageType;
pub use item_type::ItemType;
pub use items_result::ItemsResult;
pub use media_segment::{MediaSegmentDto, MediaSegmentsResult};
pub use media_stream::MediaStream;
pub use name_guid_pair::NameGuidPair;
pub use person::BaseItemPerson;
pub use playback_info::{MediaSourceInfo, PlaybackInfoDto, PlaybackInfoResponse};
pub use playback_report::{PlaybackProgressInfo, PlaybackStopInfo};
pub use system_info::PublicSystemInfo;
pub use user_data::UserItemDataDto;
