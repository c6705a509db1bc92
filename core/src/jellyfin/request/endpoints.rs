//! `Endpoints`: every Jellyfin call the app makes, as an [`ApiRequest`], in the path style the
//! server understands.

use serde::Serialize;

use super::{
    image_url, ApiRequest, HttpMethod, ItemsQuery, PathStyle, EPISODE_FIELDS, LIST_FIELDS,
};
use crate::jellyfin::{PlaybackInfoDto, PlaybackProgressInfo, PlaybackStopInfo};
use crate::percent;

/// Builds requests for one signed-in user on one server. Before sign-in (`public_info`,
/// `authenticate_by_name`) the user id is not used and may be empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// Modern (10.9+) or legacy paths.
    pub style: PathStyle,
    /// The signed-in user.
    pub user_id: String,
}

/// The login body (field order as Jellyfin documents it).
#[derive(Serialize)]
struct AuthenticateByName<'a> {
    #[serde(rename = "Username")]
    username: &'a str,
    #[serde(rename = "Pw")]
    password: &'a str,
}

/// A `POST` with a JSON body.
fn json_post(path: &str, body: &impl Serialize) -> ApiRequest {
    ApiRequest {
        body: Some(serde_json::to_string(body).expect("plain data always serializes")),
        ..ApiRequest::new(HttpMethod::Post, path)
    }
}

impl Endpoints {
    /// Endpoints for `user_id` in `style`.
    pub fn new(style: PathStyle, user_id: impl Into<String>) -> Self {
        Self {
            style,
            user_id: user_id.into(),
        }
    }

    /// `/Users/{userId}{rest}`, the legacy form.
    fn user_path(&self, rest: &str) -> String {
        format!("/Users/{}{rest}", percent::encode(&self.user_id))
    }

    /// The modern path, or the legacy one below `/Users/{userId}`.
    fn styled(&self, modern: &str, legacy_rest: &str) -> String {
        match self.style {
            PathStyle::Modern => modern.to_owned(),
            PathStyle::Legacy => self.user_path(legacy_rest),
        }
    }

    /// `GET /System/Info/Public`: server name, version and id (no auth needed).
    pub fn public_info(&self) -> ApiRequest {
        ApiRequest::get("/System/Info/Public")
    }

    /// `POST /Users/AuthenticateByName` with `{"Username", "Pw"}`.
    pub fn authenticate_by_name(&self, username: &str, password: &str) -> ApiRequest {
        let body = AuthenticateByName { username, password };
        ApiRequest {
            body: Some(serde_json::to_string(&body).expect("two strings always serialize")),
            ..ApiRequest::new(HttpMethod::Post, "/Users/AuthenticateByName")
        }
    }

    /// The user's libraries.
    pub fn user_views(&self) -> ApiRequest {
        ApiRequest::get(self.styled("/UserViews", "/Views"))
    }

    /// A page of items.
    pub fn items(&self, query: &ItemsQuery) -> ApiRequest {
        let mut request = match self.style {
            PathStyle::Modern => ApiRequest::get("/Items").with_query("userId", &self.user_id),
            PathStyle::Legacy => ApiRequest::get(self.user_path("/Items")),
        };
        request.query.extend(query.to_query());
        request
    }

    /// One item with all its fields.
    pub fn item(&self, id: &str) -> ApiRequest {
        let id = percent::encode(id);
        ApiRequest::get(self.styled(&format!("/Items/{id}"), &format!("/Items/{id}")))
    }

    /// Continue watching: videos in progress.
    pub fn resume(&self, limit: u32) -> ApiRequest {
        ApiRequest::get(self.styled("/UserItems/Resume", "/Items/Resume"))
            .with_query("MediaTypes", "Video")
            .with_query("Limit", limit)
            .with_query("Fields", LIST_FIELDS)
    }

    /// Next up: the next episode of each show in progress (or of one show).
    pub fn next_up(&self, limit: u32, series_id: Option<&str>) -> ApiRequest {
        let mut request = ApiRequest::get("/Shows/NextUp")
            .with_query("userId", &self.user_id)
            .with_query("Limit", limit);
        if let Some(series_id) = series_id {
            request = request.with_query("SeriesId", series_id);
        }
        request.with_query("Fields", LIST_FIELDS)
    }

    /// People whose name contains `term` (search's People group; the same path in 10.8).
    pub fn persons(&self, term: &str, limit: u32) -> ApiRequest {
        ApiRequest::get("/Persons")
            .with_query("userId", &self.user_id)
            .with_query("SearchTerm", term)
            .with_query("Limit", limit)
    }

    /// Recently added to a library (a bare JSON array; new episodes grouped into their show).
    pub fn latest(&self, parent_id: &str, limit: u32) -> ApiRequest {
        ApiRequest::get(self.styled("/Items/Latest", "/Items/Latest"))
            .with_query("ParentId", parent_id)
            .with_query("Limit", limit)
            .with_query("GroupItems", "true")
            .with_query("Fields", LIST_FIELDS)
    }

    /// Counts what is below `parent_id` (`EnableTotalRecordCount=true`, one item, no fields):
    /// the second look an emptied list needs before it is believed.
    pub fn count_below(&self, parent_id: &str) -> ApiRequest {
        self.items(&ItemsQuery {
            parent_id: Some(parent_id.to_owned()),
            recursive: true,
            limit: Some(1),
            enable_total_record_count: Some(true),
            enable_images: Some(false),
            ..ItemsQuery::default()
        })
    }

    /// A show's seasons.
    pub fn seasons(&self, series_id: &str) -> ApiRequest {
        ApiRequest::get(format!("/Shows/{}/Seasons", percent::encode(series_id)))
            .with_query("userId", &self.user_id)
            .with_query("Fields", LIST_FIELDS)
    }

    /// A season's episodes.
    pub fn episodes(&self, series_id: &str, season_id: &str) -> ApiRequest {
        ApiRequest::get(format!("/Shows/{}/Episodes", percent::encode(series_id)))
            .with_query("SeasonId", season_id)
            .with_query("userId", &self.user_id)
            .with_query("Fields", EPISODE_FIELDS)
    }

    /// Mark watched (`POST`) or unwatched (`DELETE`).
    pub fn set_played(&self, id: &str, played: bool) -> ApiRequest {
        let id = percent::encode(id);
        let path = self.styled(
            &format!("/UserPlayedItems/{id}"),
            &format!("/PlayedItems/{id}"),
        );
        ApiRequest::new(
            if played {
                HttpMethod::Post
            } else {
                HttpMethod::Delete
            },
            path,
        )
    }

    /// Add (`POST`) or remove (`DELETE`) a favorite.
    pub fn set_favorite(&self, id: &str, favorite: bool) -> ApiRequest {
        let id = percent::encode(id);
        let path = self.styled(
            &format!("/UserFavoriteItems/{id}"),
            &format!("/FavoriteItems/{id}"),
        );
        ApiRequest::new(
            if favorite {
                HttpMethod::Post
            } else {
                HttpMethod::Delete
            },
            path,
        )
    }

    /// `POST /Items/{id}/PlaybackInfo`: the sources this device can play and a `PlaySessionId`.
    pub fn playback_info(&self, id: &str, body: &PlaybackInfoDto) -> ApiRequest {
        ApiRequest {
            body: Some(serde_json::to_string(body).expect("plain data always serializes")),
            ..ApiRequest::new(
                HttpMethod::Post,
                format!("/Items/{}/PlaybackInfo", percent::encode(id)),
            )
            .with_query("UserId", &self.user_id)
            .with_query("IsPlayback", "true")
            .with_query("AutoOpenLiveStream", "true")
        }
    }

    /// `POST /Sessions/Playing`: playback started.
    pub fn playing_started(&self, report: &PlaybackProgressInfo) -> ApiRequest {
        json_post("/Sessions/Playing", report)
    }

    /// `POST /Sessions/Playing/Progress`: where playback is (every 10 s, on pause and seek).
    pub fn playing_progress(&self, report: &PlaybackProgressInfo) -> ApiRequest {
        json_post("/Sessions/Playing/Progress", report)
    }

    /// `POST /Sessions/Playing/Stopped`: where playback stopped.
    pub fn playing_stopped(&self, report: &PlaybackStopInfo) -> ApiRequest {
        json_post("/Sessions/Playing/Stopped", report)
    }

    /// `GET /MediaSegments/{id}` (10.10+): intros and outros.
    pub fn media_segments(&self, id: &str) -> ApiRequest {
        ApiRequest::get(format!("/MediaSegments/{}", percent::encode(id)))
    }

    /// An image URL (the same in both styles; see [`image_url`](super::image_url)).
    pub fn image_url(
        &self,
        base: &str,
        item_id: &str,
        image_type: impl AsRef<str>,
        tag: &str,
        fill_width: impl Into<Option<u32>>,
    ) -> String {
        image_url(base, item_id, image_type, tag, fill_width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jellyfin::ImageType;

    const BASE: &str = "http://h/jf";

    fn modern() -> Endpoints {
        Endpoints::new(PathStyle::Modern, "u1")
    }

    fn legacy() -> Endpoints {
        Endpoints::new(PathStyle::Legacy, "u1")
    }

    #[test]
    fn login_and_discovery() {
        assert_eq!(
            modern().public_info().url(BASE),
            "http://h/jf/System/Info/Public"
        );
        let login = Endpoints::new(PathStyle::Modern, "").authenticate_by_name("demo", "p\"w");
        assert_eq!(login.method, HttpMethod::Post);
        assert_eq!(login.path, "/Users/AuthenticateByName");
        assert_eq!(
            login.body.as_deref(),
            Some(r#"{"Username":"demo","Pw":"p\"w"}"#)
        );
    }

    #[test]
    fn modern_paths() {
        let e = modern();
        assert_eq!(e.user_views().url(BASE), "http://h/jf/UserViews");
        let items = e.items(&ItemsQuery {
            parent_id: Some("lib".into()),
            ..Default::default()
        });
        assert_eq!(items.url(BASE), "http://h/jf/Items?userId=u1&ParentId=lib");
        assert_eq!(e.item("i1").path, "/Items/i1");
        let resume = e.resume(12);
        assert_eq!(resume.path, "/UserItems/Resume");
        assert_eq!(
            (
                resume.query_value("MediaTypes"),
                resume.query_value("Limit")
            ),
            (Some("Video"), Some("12"))
        );
        let latest = e.latest("lib", 16);
        assert_eq!(latest.path, "/Items/Latest");
        assert_eq!(latest.query_value("GroupItems"), Some("true"));
        let count = e.count_below("lib");
        assert_eq!(
            (
                count.query_value("ParentId"),
                count.query_value("Recursive"),
                count.query_value("EnableTotalRecordCount"),
                count.query_value("Limit")
            ),
            (Some("lib"), Some("true"), Some("true"), Some("1"))
        );
        assert_eq!(e.set_played("i1", true).path, "/UserPlayedItems/i1");
        assert_eq!(e.set_favorite("i1", false).path, "/UserFavoriteItems/i1");
    }

    #[test]
    fn legacy_paths() {
        let e = legacy();
        assert_eq!(e.user_views().path, "/Users/u1/Views");
        let items = e.items(&ItemsQuery::default());
        assert_eq!(
            (items.path.as_str(), items.query.len()),
            ("/Users/u1/Items", 0)
        );
        assert_eq!(e.item("i1").path, "/Users/u1/Items/i1");
        assert_eq!(e.resume(5).path, "/Users/u1/Items/Resume");
        assert_eq!(e.latest("lib", 5).path, "/Users/u1/Items/Latest");
        assert_eq!(e.set_played("i1", true).path, "/Users/u1/PlayedItems/i1");
        assert_eq!(
            e.set_favorite("i1", true).path,
            "/Users/u1/FavoriteItems/i1"
        );
    }

    #[test]
    fn shows_endpoints_pass_the_user_in_both_styles() {
        for e in [modern(), legacy()] {
            let next = e.next_up(10, Some("s1"));
            assert_eq!(next.path, "/Shows/NextUp");
            assert_eq!(
                (next.query_value("userId"), next.query_value("SeriesId")),
                (Some("u1"), Some("s1"))
            );
            assert_eq!(e.next_up(10, None).query_value("SeriesId"), None);
            let seasons = e.seasons("s1");
            assert_eq!(
                (seasons.path.as_str(), seasons.query_value("userId")),
                ("/Shows/s1/Seasons", Some("u1"))
            );
            let episodes = e.episodes("s1", "se1");
            assert_eq!(episodes.path, "/Shows/s1/Episodes");
            assert_eq!(episodes.query_value("SeasonId"), Some("se1"));
            assert_eq!(episodes.query_value("Fields"), Some(EPISODE_FIELDS));
        }
    }

    #[test]
    fn played_and_favorite_methods() {
        let e = modern();
        assert_eq!(e.set_played("i", true).method, HttpMethod::Post);
        assert_eq!(e.set_played("i", false).method, HttpMethod::Delete);
        assert_eq!(e.set_favorite("i", true).method, HttpMethod::Post);
        assert_eq!(e.set_favorite("i", false).method, HttpMethod::Delete);
    }

    #[test]
    fn ids_are_encoded_in_paths_and_no_token_ever_appears() {
        let e = Endpoints::new(PathStyle::Legacy, "u/1");
        assert_eq!(e.item("a b").path, "/Users/u%2F1/Items/a%20b");
        let urls = [
            e.user_views(),
            e.resume(1),
            e.next_up(1, None),
            e.items(&ItemsQuery::default()),
        ];
        for request in urls {
            let url = request.url(BASE).to_ascii_lowercase();
            assert!(
                !url.contains("token") && !url.contains("api_key") && !url.contains("apikey"),
                "{url}"
            );
        }
        assert_eq!(
            e.image_url(BASE, "i", ImageType::Thumb, "t", 200),
            "http://h/jf/Items/i/Images/Thumb?tag=t&fillWidth=200"
        );
    }

    #[test]
    fn playback_requests_carry_json_and_no_token() {
        let e = modern();
        let info = e.playback_info(
            "it em",
            &PlaybackInfoDto {
                user_id: "u1".into(),
                ..Default::default()
            },
        );
        assert_eq!(
            (info.method, info.path.as_str()),
            (HttpMethod::Post, "/Items/it%20em/PlaybackInfo")
        );
        assert_eq!(info.query_value("userid"), Some("u1"));
        assert!(info.body.as_deref().unwrap().contains(r#""UserId":"u1""#));
        let report = PlaybackProgressInfo {
            item_id: "i".into(),
            position_ticks: 123_456_789,
            ..Default::default()
        };
        let progress = e.playing_progress(&report);
        assert_eq!(progress.path, "/Sessions/Playing/Progress");
        assert!(progress
            .body
            .as_deref()
            .unwrap()
            .contains(r#""PositionTicks":123456789"#));
        assert_eq!(e.playing_started(&report).path, "/Sessions/Playing");
        let stop = e.playing_stopped(&PlaybackStopInfo::default());
        assert_eq!(
            (stop.method, stop.path.as_str()),
            (HttpMethod::Post, "/Sessions/Playing/Stopped")
        );
        assert_eq!(e.media_segments("x").path, "/MediaSegments/x");
    }

    #[test]
    fn persons_search() {
        let request = modern().persons("Zoë K", 12);
        assert_eq!(request.path, "/Persons");
        assert_eq!(request.query_value("SearchTerm"), Some("Zoë K"));
        assert_eq!(request.query_value("Limit"), Some("12"));
        assert_eq!(request.query_value("userId"), Some("u1"));
        assert_eq!(legacy().persons("a", 1).path, "/Persons");
    }
}
