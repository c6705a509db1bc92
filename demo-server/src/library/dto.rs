//! JSON rendering of items (BaseItemDto) and user data (UserItemDataDto).
//! List endpoints get Jellyfin's thin default field set plus whatever `Fields=` asks for;
//! `/Items/{id}` gets everything. Absent values are omitted, never `null`, except the
//! deliberate explicit `null` a few items carry in thin responses.

use serde_json::{json, Map, Value};

use crate::http::query::Query;
use crate::library::dates::format_iso;
use crate::library::names;
use crate::library::rng::{hex, id128};
use crate::library::{Item, Kind, Library};

pub const ZERO_ID: &str = "00000000000000000000000000000000";

/// Optional fields (`Fields=`), as bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fields(u32);

const FIELD_NAMES: [&str; 15] = [
    "Overview",
    "Genres",
    "People",
    "Studios",
    "Taglines",
    "DateCreated",
    "Etag",
    "SortName",
    "ChildCount",
    "RecursiveItemCount",
    "ParentId",
    "ProviderIds",
    "Path",
    "OriginalTitle",
    "Tags",
];

impl Fields {
    pub const ALL: Fields = Fields(u32::MAX);

    pub fn parse(list: &[String]) -> Fields {
        let mut bits = 0;
        for name in list {
            if let Some(i) = FIELD_NAMES
                .iter()
                .position(|f| f.eq_ignore_ascii_case(name))
            {
                bits |= 1 << i;
            }
        }
        Fields(bits)
    }

    pub fn has(self, name: &str) -> bool {
        let i = FIELD_NAMES
            .iter()
            .position(|f| *f == name)
            .expect("known field name");
        self.0 & (1 << i) != 0
    }
}

/// How to render items for one request.
#[derive(Clone, Copy, Debug)]
pub struct Render {
    pub fields: Fields,
    /// Everything, as `/Items/{id}` returns it (also disables the explicit-null quirk).
    pub full: bool,
    pub images: bool,
    pub primary: bool,
    pub backdrop: bool,
    pub backdrop_limit: usize,
    pub user_data: bool,
    pub user: Option<usize>,
}

impl Render {
    pub fn full(user: Option<usize>) -> Render {
        Render {
            fields: Fields::ALL,
            full: true,
            images: true,
            primary: true,
            backdrop: true,
            backdrop_limit: usize::MAX,
            user_data: true,
            user,
        }
    }

    pub fn thin(user: Option<usize>) -> Render {
        Render {
            fields: Fields::default(),
            full: false,
            ..Render::full(user)
        }
    }

    /// `Fields`, `EnableImages`, `EnableImageTypes`, `ImageTypeLimit`, `EnableUserData`.
    pub fn from_query(q: &Query, user: Option<usize>) -> Render {
        let mut r = Render::thin(user);
        r.fields = Fields::parse(&q.list("fields"));
        r.images = q.bool("enableimages").unwrap_or(true);
        let types = q.list("enableimagetypes");
        if !types.is_empty() {
            r.primary = types.iter().any(|t| t.eq_ignore_ascii_case("Primary"));
            r.backdrop = types.iter().any(|t| t.eq_ignore_ascii_case("Backdrop"));
        }
        if let Some(limit) = q.usize("imagetypelimit") {
            r.backdrop_limit = limit;
        }
        r.user_data = q.bool("enableuserdata").unwrap_or(true);
        r
    }

    fn want(&self, field: &str) -> bool {
        self.full || self.fields.has(field)
    }
}

pub fn page(items: Vec<Value>, total: usize, start: usize) -> Value {
    json!({ "Items": items, "TotalRecordCount": total, "StartIndex": start })
}

fn rating(r: f32) -> Value {
    // Stored as f32; print with one decimal exactly (7.3, not 7.300000190734863).
    json!((r * 10.0).round() as f64 / 10.0)
}

fn media_type(kind: Kind) -> &'static str {
    if kind.is_folder() {
        "Unknown"
    } else {
        "Video"
    }
}

fn aspect_ratio(kind: Kind) -> f64 {
    match kind {
        Kind::Episode | Kind::CollectionFolder => 1.7778,
        _ => 0.6667,
    }
}

fn path_of(lib: &Library, item: &Item) -> String {
    let year = item
        .production_year
        .map(|y| format!(" ({y})"))
        .unwrap_or_default();
    match item.kind {
        Kind::CollectionFolder => format!("/media/{}", item.name.to_lowercase()),
        Kind::Movie => format!("/media/movies/{0}{year}/{0}{year}.mkv", item.name),
        Kind::Series => format!("/media/shows/{}{year}", item.name),
        Kind::Season => format!(
            "{}/Season {:02}",
            path_of(lib, lib.item(item.series.unwrap_or(item.library))),
            item.index_number.unwrap_or(0)
        ),
        Kind::Episode => format!(
            "{}/S{:02}E{:02} - {}.mkv",
            path_of(lib, lib.item(item.season.unwrap_or(item.library))),
            item.parent_index_number.unwrap_or(0),
            item.index_number.unwrap_or(0),
            item.name
        ),
    }
}

fn provider_ids(item: &Item) -> Value {
    match item.kind {
        Kind::Movie => {
            json!({ "Tmdb": item.tmdb.to_string(), "Imdb": format!("tt{:07}", item.tmdb) })
        }
        Kind::Series => {
            json!({ "Tmdb": item.tmdb.to_string(), "Tvdb": (item.tmdb / 3).to_string() })
        }
        Kind::Episode => json!({ "Tvdb": item.tmdb.to_string() }),
        _ => json!({}),
    }
}

fn genre_id(lib: &Library, genre: &str) -> String {
    let pos = names::GENRES.iter().position(|g| *g == genre).unwrap_or(0);
    hex(id128(&[lib.seed, 0x6E4E, pos as u64]))
}

pub fn item(lib: &Library, server_id: &str, idx: u32, r: &Render) -> Value {
    let it = lib.item(idx);
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    put("Name", json!(it.name));
    put("ServerId", json!(server_id));
    put("Id", json!(it.id_hex()));
    put("Type", json!(it.kind.as_str()));
    put("IsFolder", json!(it.kind.is_folder()));
    put("MediaType", json!(media_type(it.kind)));
    put("LocationType", json!("FileSystem"));
    put("ChannelId", Value::Null);
    if let Some(t) = it.run_time_ticks {
        put("RunTimeTicks", json!(t));
    }
    if let Some(y) = it.production_year {
        put("ProductionYear", json!(y));
    }
    if let Some(d) = it.premiere_date {
        put("PremiereDate", json!(format_iso(d)));
    }
    if let Some(d) = it.end_date {
        put("EndDate", json!(format_iso(d)));
    }
    if let Some(c) = it.community_rating {
        put("CommunityRating", rating(c));
    }
    if let Some(c) = it.critic_rating {
        put("CriticRating", json!(c));
    }
    if let Some(o) = it.official_rating {
        put("OfficialRating", json!(o));
    }
    if let Some(n) = it.index_number {
        put("IndexNumber", json!(n));
    }
    if let Some(n) = it.parent_index_number {
        put("ParentIndexNumber", json!(n));
    }
    if let Some(c) = it.collection_type {
        put("CollectionType", json!(c));
    }
    if let Some(s) = it.status {
        put("Status", json!(s));
    }
    if let Some(series) = it.series.map(|s| lib.item(s)) {
        put("SeriesName", json!(series.name));
        put("SeriesId", json!(series.id_hex()));
        if r.images && r.primary {
            if let Some(tag) = series.primary_tag {
                put("SeriesPrimaryImageTag", json!(hex(tag)));
            }
        }
        if r.images && r.backdrop && it.backdrop_tag.is_none() {
            if let Some(tag) = series.backdrop_tag {
                put("ParentBackdropItemId", json!(series.id_hex()));
                put("ParentBackdropImageTags", json!([hex(tag)]));
            }
        }
    }
    if let Some(season) = it.season.map(|s| lib.item(s)) {
        put("SeasonId", json!(season.id_hex()));
        put("SeasonName", json!(season.name));
    }
    if r.images {
        let mut tags = Map::new();
        let mut hashes = Map::new();
        let hash = names::BLURHASHES[it.blurhash as usize % names::BLURHASHES.len()];
        if let (true, Some(tag)) = (r.primary, it.primary_tag) {
            tags.insert("Primary".into(), json!(hex(tag)));
            hashes.insert("Primary".into(), json!({ hex(tag): hash }));
            put("PrimaryImageAspectRatio", json!(aspect_ratio(it.kind)));
        }
        put("ImageTags", Value::Object(tags));
        if matches!(it.kind, Kind::Movie | Kind::Series) {
            let backdrops: Vec<String> = it
                .backdrop_tag
                .filter(|_| r.backdrop)
                .map(hex)
                .into_iter()
                .take(r.backdrop_limit)
                .collect();
            if let Some(tag) = backdrops.first() {
                let other = names::BLURHASHES[(it.blurhash as usize + 1) % names::BLURHASHES.len()];
                hashes.insert("Backdrop".into(), json!({ tag.clone(): other }));
            }
            put("BackdropImageTags", json!(backdrops));
        } else {
            put("BackdropImageTags", json!([]));
        }
        put("ImageBlurHashes", Value::Object(hashes));
    }
    if r.want("Overview") {
        if let Some(o) = &it.overview {
            put("Overview", json!(o));
        }
    }
    if r.want("Genres") {
        let genres: Vec<&str> = it.genre_names().collect();
        let items: Vec<Value> = genres
            .iter()
            .map(|g| json!({ "Name": g, "Id": genre_id(lib, g) }))
            .collect();
        put("Genres", json!(genres));
        put("GenreItems", json!(items));
    }
    if r.want("People") {
        let people: Vec<Value> = it
            .people
            .iter()
            .map(|c| {
                let p = &lib.people[c.person as usize];
                let mut v = json!({
                    "Name": p.name,
                    "Id": hex(p.id),
                    "Role": c.role,
                    "Type": if c.director { "Director" } else { "Actor" },
                });
                if let Some(tag) = p.image_tag {
                    v["PrimaryImageTag"] = json!(hex(tag));
                }
                v
            })
            .collect();
        put("People", json!(people));
    }
    if r.want("Studios") {
        let studios: Vec<Value> = it
            .studios
            .iter()
            .map(|s| {
                let (id, name) = lib.studios[*s as usize];
                json!({ "Name": name, "Id": hex(id) })
            })
            .collect();
        put("Studios", json!(studios));
    }
    if r.want("Taglines") {
        put("Taglines", json!(it.taglines));
    }
    if r.want("Tags") {
        put("Tags", json!(it.tags));
    }
    if r.want("DateCreated") {
        put("DateCreated", json!(format_iso(it.date_created)));
    }
    if r.want("Etag") {
        put("Etag", json!(hex(it.etag)));
    }
    if r.want("SortName") {
        put("SortName", json!(it.sort_name));
    }
    if r.want("OriginalTitle") {
        if let Some(t) = &it.original_title {
            put("OriginalTitle", json!(t));
        }
    }
    if r.want("ParentId") {
        if let Some(p) = it.parent {
            put("ParentId", json!(lib.item(p).id_hex()));
        }
    }
    if r.want("ProviderIds") {
        put("ProviderIds", provider_ids(it));
    }
    if r.want("Path") {
        put("Path", json!(path_of(lib, it)));
    }
    if it.kind.is_folder() {
        if r.want("ChildCount") {
            put("ChildCount", json!(it.children.len()));
        }
        if r.want("RecursiveItemCount") {
            put("RecursiveItemCount", json!(lib.recursive_count(idx)));
        }
    }
    if let (true, Some(user)) = (r.user_data, r.user) {
        put("UserData", user_data(lib, idx, user, false));
    }
    if it.null_field && !r.full {
        // A deliberate explicit null on ~2% of items, to keep clients honest.
        for key in [
            "OfficialRating",
            "CriticRating",
            "CommunityRating",
            "EndDate",
            "ProductionYear",
        ] {
            if !m.contains_key(key) {
                m.insert(key.to_string(), Value::Null);
                break;
            }
        }
    }
    Value::Object(m)
}

/// UserItemDataDto. In items Jellyfin 10.10 sends an all-zero `ItemId`; websocket messages
/// carry the real one (`real_id`).
pub fn user_data(lib: &Library, idx: u32, user: usize, real_id: bool) -> Value {
    let it = lib.item(idx);
    let d = lib.data(user, idx);
    let mut m = Map::new();
    let mut played = d.played;
    let mut unplayed = None;
    if matches!(it.kind, Kind::Series | Kind::Season) {
        let r = lib.rollup(user, idx);
        played = r.total > 0 && r.unplayed == 0;
        unplayed = Some(r.unplayed);
    }
    m.insert("PlaybackPositionTicks".into(), json!(d.position));
    m.insert("PlayCount".into(), json!(d.play_count));
    m.insert("IsFavorite".into(), json!(d.favorite));
    m.insert("Played".into(), json!(played));
    m.insert("Key".into(), json!(it.id_hex()));
    m.insert(
        "ItemId".into(),
        json!(if real_id {
            it.id_hex()
        } else {
            ZERO_ID.to_string()
        }),
    );
    if d.position > 0 && !d.played {
        if let Some(runtime) = it.run_time_ticks.filter(|r| *r > 0) {
            let pct = d.position as f64 * 100.0 / runtime as f64;
            m.insert("PlayedPercentage".into(), json!(pct));
        }
    }
    if let Some(last) = d.last_played {
        m.insert("LastPlayedDate".into(), json!(format_iso(last)));
    }
    if let Some(n) = unplayed {
        m.insert("UnplayedItemCount".into(), json!(n));
    }
    Value::Object(m)
}

/// A Person as an item (people appear in `People` and can be opened by id).
pub fn person(lib: &Library, server_id: &str, idx: usize) -> Value {
    let p = &lib.people[idx];
    let mut v = json!({
        "Name": p.name,
        "ServerId": server_id,
        "Id": hex(p.id),
        "Type": "Person",
        "IsFolder": false,
        "MediaType": "Unknown",
        "LocationType": "FileSystem",
        "ChannelId": null,
        "ImageTags": {},
        "BackdropImageTags": [],
        "ImageBlurHashes": {},
    });
    if let Some(tag) = p.image_tag {
        v["ImageTags"] = json!({ "Primary": hex(tag) });
        v["ImageBlurHashes"] = json!({ "Primary": { hex(tag): names::BLURHASHES[2] } });
        v["PrimaryImageAspectRatio"] = json!(0.6667);
    }
    v
}
