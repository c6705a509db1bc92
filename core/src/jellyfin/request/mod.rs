//! Pure request building: the auth header, the endpoint paths for each server version, the
//! items query and image URLs. Nothing here sends anything; the app's `net` layer does.

mod api_request;
mod authorization;
mod endpoints;
mod id_chunks;
mod image_url;
mod items_query;
mod server_address;
mod server_version;
mod sort_order;

pub use api_request::{ApiRequest, HttpMethod};
pub use authorization::{authorization_header, ClientInfo};
pub use endpoints::Endpoints;
pub use id_chunks::{request_line_len, requests_for_ids, MAX_REQUEST_LINE};
pub use image_url::image_url;
pub use items_query::{ItemsQuery, EPISODE_FIELDS, LIST_FIELDS};
pub use server_address::server_url_candidates;
pub use server_version::{PathStyle, ServerVersion};
pub use sort_order::SortOrder;
