//! The Jellyfin API routes. Every 10.9+ path also exists in its legacy `/Users/{userId}/...`
//! form; both forms share one handler, which reads its parameters through `Ctx` (`http::ctx`).

pub mod canonical;
pub mod images;
pub mod items;
pub mod persons;
pub mod shows;
pub mod socket;
pub mod system;
pub mod userdata;
pub mod users;

use axum::handler::Handler;
use axum::http::Method;
use axum::routing::MethodRouter;
use axum::Router;

use crate::downloads;
use crate::media::{hls, playback_info, reports, segments, stream, subtitles};
use crate::AppState;

/// One Jellyfin endpoint: its 10.9+ path, the legacy `/Users/{userId}/...` form sharing its
/// handler (if any), and the methods it answers. A path the router cannot take as Jellyfin
/// writes it (`stream.{container}`, `{segmentId}.{container}`) is routed under a plainer
/// pattern and names Jellyfin's own forms in `jellyfin_forms`.
pub struct Endpoint {
    pub path: &'static str,
    pub legacy: Option<&'static str>,
    pub methods: Vec<Method>,
    jellyfin_forms: &'static [&'static str],
    route: MethodRouter<AppState>,
}

impl Endpoint {
    pub fn at(path: &'static str) -> Endpoint {
        Endpoint {
            path,
            legacy: None,
            methods: Vec::new(),
            jellyfin_forms: &[],
            route: MethodRouter::new(),
        }
    }

    pub fn legacy(mut self, path: &'static str) -> Endpoint {
        self.legacy = Some(path);
        self
    }

    fn serving(mut self, forms: &'static [&'static str]) -> Endpoint {
        self.jellyfin_forms = forms;
        self
    }

    /// The paths as Jellyfin's document writes them: `path` itself, or the forms it serves.
    pub fn documented(&self) -> Vec<&'static str> {
        match self.jellyfin_forms {
            [] => vec![self.path],
            forms => forms.to_vec(),
        }
    }

    pub fn get<H: Handler<T, AppState>, T: 'static>(mut self, handler: H) -> Endpoint {
        self.methods.push(Method::GET);
        self.route = self.route.get(handler);
        self
    }

    pub fn post<H: Handler<T, AppState>, T: 'static>(mut self, handler: H) -> Endpoint {
        self.methods.push(Method::POST);
        self.route = self.route.post(handler);
        self
    }

    pub fn delete<H: Handler<T, AppState>, T: 'static>(mut self, handler: H) -> Endpoint {
        self.methods.push(Method::DELETE);
        self.route = self.route.delete(handler);
        self
    }

    /// Both path forms.
    pub fn paths(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.path).chain(self.legacy)
    }
}

/// Every Jellyfin endpoint the demo serves, written once: the router, the case-insensitive
/// path matching, the OpenAPI test and the README's table all read this list.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::at("/System/Info/Public").get(system::info_public),
        Endpoint::at("/System/Info").get(system::info),
        Endpoint::at("/System/Ping")
            .get(system::ping)
            .post(system::ping),
        Endpoint::at("/Users/AuthenticateByName").post(users::authenticate),
        Endpoint::at("/Users/Me").get(users::me),
        Endpoint::at("/Users/{userId}").get(users::by_id),
        Endpoint::at("/Sessions/Logout").post(users::logout),
        Endpoint::at("/UserViews")
            .legacy("/Users/{userId}/Views")
            .get(items::views),
        Endpoint::at("/Items")
            .legacy("/Users/{userId}/Items")
            .get(items::items),
        Endpoint::at("/Items/Latest")
            .legacy("/Users/{userId}/Items/Latest")
            .get(items::latest),
        Endpoint::at("/UserItems/Resume")
            .legacy("/Users/{userId}/Items/Resume")
            .get(items::resume),
        Endpoint::at("/Items/{itemId}")
            .legacy("/Users/{userId}/Items/{itemId}")
            .get(items::item),
        Endpoint::at("/Persons").get(persons::persons),
        Endpoint::at("/Shows/NextUp").get(shows::next_up),
        Endpoint::at("/Shows/{seriesId}/Seasons").get(shows::seasons),
        Endpoint::at("/Shows/{seriesId}/Episodes").get(shows::episodes),
        Endpoint::at("/Items/{itemId}/Images/{imageType}").get(images::image),
        Endpoint::at("/Items/{itemId}/Images/{imageType}/{imageIndex}").get(images::image),
        Endpoint::at("/UserPlayedItems/{itemId}")
            .legacy("/Users/{userId}/PlayedItems/{itemId}")
            .post(userdata::mark_played)
            .delete(userdata::mark_unplayed),
        Endpoint::at("/UserFavoriteItems/{itemId}")
            .legacy("/Users/{userId}/FavoriteItems/{itemId}")
            .post(userdata::mark_favorite)
            .delete(userdata::unmark_favorite),
        Endpoint::at("/Items/{itemId}/PlaybackInfo")
            .get(playback_info::playback_info)
            .post(playback_info::playback_info),
        Endpoint::at("/MediaSegments/{itemId}").get(segments::media_segments),
        Endpoint::at("/Sessions/Playing").post(reports::playing),
        Endpoint::at("/Sessions/Playing/Progress").post(reports::progress),
        Endpoint::at("/Sessions/Playing/Stopped").post(reports::stopped),
        Endpoint::at("/Sessions/Playing/Ping").post(reports::ping),
        Endpoint::at("/Videos/ActiveEncodings").delete(hls::stop_encoding),
        // Parameters at one depth share a name (the router requires it): the third segment
        // is a file name or a media source id, the sixth a file name or a start time.
        Endpoint::at("/Videos/{itemId}/{name}")
            .serving(&[
                "/Videos/{itemId}/stream",
                "/Videos/{itemId}/stream.{container}",
                "/Videos/{itemId}/master.m3u8",
                "/Videos/{itemId}/main.m3u8",
            ])
            .get(stream::video_file),
        Endpoint::at("/Videos/{itemId}/hls1/{playlistId}/{segment}")
            .serving(&["/Videos/{itemId}/hls1/{playlistId}/{segmentId}.{container}"])
            .get(hls::segment),
        Endpoint::at("/Videos/{itemId}/{name}/Subtitles/{index}/{tail}")
            .serving(&[
                "/Videos/{routeItemId}/{routeMediaSourceId}/Subtitles/{routeIndex}/Stream.{routeFormat}",
            ])
            .get(subtitles::subtitle),
        Endpoint::at("/Videos/{itemId}/{name}/Subtitles/{index}/{tail}/{file}")
            .serving(&[
                "/Videos/{routeItemId}/{routeMediaSourceId}/Subtitles/{routeIndex}/{routeStartPositionTicks}/Stream.{routeFormat}",
            ])
            .get(subtitles::subtitle),
        Endpoint::at("/Items/{itemId}/Download").get(downloads::download),
        Endpoint::at("/socket").get(socket::socket),
    ]
}

pub fn router() -> Router<AppState> {
    router_of(endpoints())
}

/// Routes each endpoint at its path and at its legacy form.
pub fn router_of(endpoints: Vec<Endpoint>) -> Router<AppState> {
    endpoints.into_iter().fold(Router::new(), |router, e| {
        let router = match e.legacy {
            Some(legacy) => router.route(legacy, e.route.clone()),
            None => router,
        };
        router.route(e.path, e.route)
    })
}
