//! Every JSON answer of every endpoint the demo serves, held against Jellyfin's own OpenAPI
//! document (10.10.7 and 10.11.8), so a new difference from a real server fails here when it
//! is made. The extracts live outside the repo (`../shared/jellyfin-openapi/`, or
//! `JELLYFIN_OPENAPI_DIR`); a clone without them skips the check and says so.
//! The endpoint list itself is `demo_server::http::routes::endpoints()` (the README's table
//! agrees with it: `tests/readme.rs`).

mod common;
#[path = "openapi/schema.rs"]
mod schema;

use std::collections::BTreeSet;
use std::path::PathBuf;

use axum::http::Method;
use common::*;
use schema::Checker;
use serde_json::{json, Value};

const VERSIONS: [&str; 2] = ["10.10.7", "10.11.8"];

/// Served by the demo (Jellyfin has them too) but not in the published extracts.
const NOT_IN_DOCUMENT: [&str; 3] = ["/System/Ping", "/Users/{userId}", "/socket"];

/// An endpoint outside the extracts whose answer is the same DTO as a documented one's.
const SAME_ANSWER_AS: [(&str, &str); 1] = [("/Users/{userId}", "/Users/Me")];

fn openapi_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("JELLYFIN_OPENAPI_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/jellyfin-openapi")
        });
    dir.join(format!("jellyfin-openapi-{}.extract.json", VERSIONS[0]))
        .exists()
        .then_some(dir)
}

fn document(dir: &std::path::Path, version: &str) -> Value {
    let path = dir.join(format!("jellyfin-openapi-{version}.extract.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).expect("the extract is JSON")
}

/// One request to make: the endpoint (its 10.9+ pattern names the operation), the
/// concrete path and query, and the body for a POST.
struct Sample {
    method: Method,
    pattern: &'static str,
    uri: String,
    body: Option<Value>,
}

/// Ids to fill the patterns with, one of each kind the library has.
struct Ids {
    user: String,
    movies: String,
    shows: String,
    movie: String,
    series: String,
    season: String,
    episode: String,
    person: String,
    /// A movie with a backdrop.
    backdrop: String,
    /// A movie with a subtitle track: its id, its media source's id, the track's index.
    subtitled: (String, String, u64),
    item_fields: String,
}

async fn ids(s: &Server, token: &str, doc: &Value) -> Ids {
    let (movies, shows) = s.libraries(token).await;
    let all_movies = s.all(token, &movies, "Movie", "&Fields=People").await;
    let movie = all_movies[0]["Id"].as_str().unwrap().to_string();
    let person = all_movies
        .iter()
        .flat_map(|m| m["People"].as_array().cloned().unwrap_or_default())
        .next()
        .expect("a movie with people")["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let backdrop = all_movies
        .iter()
        .find(|m| m["BackdropImageTags"][0].is_string())
        .expect("a movie with a backdrop")["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let series = s.all(token, &shows, "Series", "").await[0]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let seasons = s.json(&format!("/Shows/{series}/Seasons"), token).await;
    let season = items(&seasons)[0]["Id"].as_str().unwrap().to_string();
    let episodes = s
        .json(
            &format!("/Shows/{series}/Episodes?SeasonId={season}"),
            token,
        )
        .await;
    let episode = items(&episodes)[0]["Id"].as_str().unwrap().to_string();
    let mut subtitled = None;
    for m in &all_movies {
        let id = m["Id"].as_str().unwrap();
        let info = s.json(&format!("/Items/{id}/PlaybackInfo"), token).await;
        let source = &info["MediaSources"][0];
        let track = source["MediaStreams"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|t| t["Type"] == "Subtitle");
        if let Some(track) = track {
            let source_id = source["Id"].as_str().unwrap().to_string();
            subtitled = Some((id.to_string(), source_id, track["Index"].as_u64().unwrap()));
            break;
        }
    }
    let item_fields = doc["components"]["schemas"]["ItemFields"]["enum"]
        .as_array()
        .expect("ItemFields enum")
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect::<Vec<_>>()
        .join(",");
    Ids {
        user: s.user_id(token).await,
        movies,
        shows,
        movie,
        series,
        season,
        episode,
        person,
        backdrop,
        subtitled: subtitled.expect("a movie with subtitles"),
        item_fields,
    }
}

/// The requests that exercise one endpoint form: every kind of item it can return, with
/// every field asked for. `None`: nobody wrote any yet, which the test reports.
fn samples(method: &Method, pattern: &'static str, ids: &Ids) -> Option<Vec<Sample>> {
    let fill = |p: &str| {
        p.replace("{userId}", &ids.user)
            .replace("{seriesId}", &ids.series)
    };
    let get = |uri: String| Sample {
        method: Method::GET,
        pattern,
        uri,
        body: None,
    };
    let f = &ids.item_fields;
    let list = match (method.as_str(), pattern) {
        ("GET", "/System/Info/Public" | "/System/Info" | "/Users/Me") => {
            vec![get(pattern.to_string())]
        }
        ("GET" | "POST", "/System/Ping") => vec![],
        ("POST", "/Users/AuthenticateByName") => vec![Sample {
            method: Method::POST,
            pattern,
            uri: pattern.to_string(),
            body: Some(json!({"Username": "demo", "Pw": "demo"})),
        }],
        ("GET", "/Users/{userId}") => vec![get(fill(pattern))],
        ("POST", "/Sessions/Logout") => vec![Sample {
            method: Method::POST,
            pattern,
            uri: pattern.to_string(),
            body: None,
        }],
        ("GET", "/UserViews" | "/Users/{userId}/Views") => {
            vec![get(format!("{}?Fields={f}", fill(pattern)))]
        }
        ("GET", "/Items" | "/Users/{userId}/Items") => {
            let base = fill(pattern);
            let (m, sh) = (&ids.movies, &ids.shows);
            vec![
                get(format!("{base}?ParentId={m}&Recursive=true&IncludeItemTypes=Movie&Fields={f}&Limit=40")),
                get(format!("{base}?ParentId={sh}&Recursive=true&IncludeItemTypes=Series,Season,Episode&Fields={f}&Limit=60")),
                get(format!("{base}?ParentId={sh}&Recursive=true&IncludeItemTypes=Episode&Filters=IsResumable&Fields={f}")),
                get(format!("{base}?Ids={},{},{}&Fields={f}", ids.movie, ids.series, ids.episode)),
                get(format!("{base}?ParentId={m}&Recursive=true&IncludeItemTypes=Movie&Fields=&EnableImages=false&EnableTotalRecordCount=false")),
                get(format!("{base}?SearchTerm=the&Recursive=true&Limit=20")),
                get(base),
            ]
        }
        ("GET", "/Items/Latest" | "/Users/{userId}/Items/Latest") => {
            let base = fill(pattern);
            vec![
                get(format!(
                    "{base}?ParentId={}&Limit=16&Fields={f}",
                    ids.movies
                )),
                get(format!("{base}?ParentId={}&Limit=16&Fields={f}", ids.shows)),
                get(format!(
                    "{base}?ParentId={}&GroupItems=false&Limit=16",
                    ids.shows
                )),
            ]
        }
        ("GET", "/UserItems/Resume" | "/Users/{userId}/Items/Resume") => {
            vec![get(format!(
                "{}?MediaTypes=Video&Limit=12&Fields={f}",
                fill(pattern)
            ))]
        }
        ("GET", "/Items/{itemId}" | "/Users/{userId}/Items/{itemId}") => [
            &ids.movie,
            &ids.series,
            &ids.season,
            &ids.episode,
            &ids.movies,
            &ids.person,
        ]
        .into_iter()
        .map(|id| get(fill(pattern).replace("{itemId}", id)))
        .collect(),
        ("GET", "/Persons") => vec![
            get("/Persons?SearchTerm=a&Limit=12".to_string()),
            get("/Persons?SearchTerm=zzzzzz".to_string()),
        ],
        ("GET", "/Shows/NextUp") => vec![
            get(format!("/Shows/NextUp?Limit=24&Fields={f}")),
            get(format!("/Shows/NextUp?SeriesId={}", ids.series)),
        ],
        ("GET", "/Shows/{seriesId}/Seasons") => vec![get(format!("{}?Fields={f}", fill(pattern)))],
        ("GET", "/Shows/{seriesId}/Episodes") => vec![
            get(format!(
                "{}?SeasonId={}&Fields={f}",
                fill(pattern),
                ids.season
            )),
            get(fill(pattern)),
        ],
        ("GET", "/Items/{itemId}/Images/{imageType}") => vec![
            get(format!(
                "/Items/{}/Images/Primary?fillWidth=100&format=Jpg",
                ids.movie
            )),
            get(format!("/Items/{}/Images/Primary", ids.person)),
        ],
        ("GET", "/Items/{itemId}/Images/{imageType}/{imageIndex}") => {
            vec![get(format!("/Items/{}/Images/Backdrop/0", ids.backdrop))]
        }
        (
            "POST" | "DELETE",
            "/UserPlayedItems/{itemId}"
            | "/Users/{userId}/PlayedItems/{itemId}"
            | "/UserFavoriteItems/{itemId}"
            | "/Users/{userId}/FavoriteItems/{itemId}",
        ) => [&ids.movie, &ids.episode, &ids.series]
            .into_iter()
            .map(|id| Sample {
                method: method.clone(),
                pattern,
                uri: fill(pattern).replace("{itemId}", id),
                body: None,
            })
            .collect(),
        ("GET", "/Items/{itemId}/PlaybackInfo") => [&ids.movie, &ids.episode, &ids.series]
            .into_iter()
            .map(|id| get(format!("/Items/{id}/PlaybackInfo?UserId={}", ids.user)))
            .collect(),
        ("POST", "/Items/{itemId}/PlaybackInfo") => {
            let direct = json!({
                "MaxStreamingBitrate": 120_000_000,
                "DirectPlayProfiles": [{"Container": "mp4", "Type": "Video", "VideoCodec": "h264", "AudioCodec": "aac"}],
                "TranscodingProfiles": [{"Container": "ts", "Type": "Video", "AudioCodec": "aac", "VideoCodec": "h264", "Context": "Streaming", "Protocol": "hls"}],
                "SubtitleProfiles": [{"Format": "vtt", "Method": "External"}]
            });
            let mut hls_only = direct.clone();
            hls_only["DirectPlayProfiles"] = json!([]);
            let mut nothing = hls_only.clone();
            nothing["TranscodingProfiles"] = json!([]);
            let post = |id: &str, body: Value| Sample {
                method: Method::POST,
                pattern,
                uri: format!("/Items/{id}/PlaybackInfo?UserId={}", ids.user),
                body: Some(body),
            };
            vec![
                post(
                    &ids.movie,
                    json!({"DeviceProfile": direct, "IsPlayback": true}),
                ),
                post(
                    &ids.episode,
                    json!({"DeviceProfile": hls_only, "AudioStreamIndex": 2}),
                ),
                post(&ids.movie, json!({"DeviceProfile": nothing})),
                post(&ids.series, json!({})),
            ]
        }
        ("GET", "/MediaSegments/{itemId}") => vec![
            get(format!("/MediaSegments/{}", ids.episode)),
            get(format!(
                "/MediaSegments/{}?includeSegmentTypes=Outro",
                ids.episode
            )),
            get(format!("/MediaSegments/{}", ids.movie)),
        ],
        (
            "POST",
            "/Sessions/Playing" | "/Sessions/Playing/Progress" | "/Sessions/Playing/Stopped",
        ) => vec![Sample {
            method: Method::POST,
            pattern,
            uri: pattern.to_string(),
            body: Some(json!({
                "ItemId": ids.episode,
                "MediaSourceId": ids.episode,
                "PlaySessionId": "openapi-session",
                "PositionTicks": 300_000_000,
            })),
        }],
        ("POST", "/Sessions/Playing/Ping") => vec![Sample {
            method: Method::POST,
            pattern,
            uri: "/Sessions/Playing/Ping?playSessionId=openapi-session".to_string(),
            body: None,
        }],
        ("DELETE", "/Videos/ActiveEncodings") => vec![Sample {
            method: Method::DELETE,
            pattern,
            uri: "/Videos/ActiveEncodings?deviceId=test-device&playSessionId=openapi-session"
                .to_string(),
            body: None,
        }],
        // An episode: the first movie serves the 48 MB file.
        ("GET", "/Items/{itemId}/Download") => {
            vec![get(format!("/Items/{}/Download", ids.episode))]
        }
        ("GET", _) if pattern.starts_with("/Videos/") => {
            let (id, source, index) = &ids.subtitled;
            let query = format!("?MediaSourceId={source}");
            let uri = match pattern {
                "/Videos/{itemId}/stream" => format!("/Videos/{id}/stream{query}&Static=true"),
                "/Videos/{itemId}/stream.{container}" => {
                    format!("/Videos/{id}/stream.mp4{query}&Static=true")
                }
                "/Videos/{itemId}/master.m3u8" => format!("/Videos/{id}/master.m3u8{query}"),
                "/Videos/{itemId}/main.m3u8" => format!("/Videos/{id}/main.m3u8{query}"),
                "/Videos/{itemId}/hls1/{playlistId}/{segmentId}.{container}" => {
                    format!("/videos/{id}/hls1/main/0.ts{query}")
                }
                "/Videos/{routeItemId}/{routeMediaSourceId}/Subtitles/{routeIndex}/Stream.{routeFormat}" => {
                    format!("/Videos/{id}/{source}/Subtitles/{index}/Stream.vtt")
                }
                "/Videos/{routeItemId}/{routeMediaSourceId}/Subtitles/{routeIndex}/{routeStartPositionTicks}/Stream.{routeFormat}" => {
                    format!("/Videos/{id}/{source}/Subtitles/{index}/0/Stream.vtt")
                }
                _ => return None,
            };
            vec![get(uri)]
        }
        ("GET", "/socket") => vec![],
        _ => return None,
    };
    Some(list)
}

/// The document's path for a sample's pattern: itself, or for a legacy form the 10.9+ path
/// whose operation it shares.
fn operation_path(pattern: &str) -> &'static str {
    demo_server::http::routes::endpoints()
        .iter()
        .find_map(|e| {
            let own = e.documented().into_iter().find(|p| *p == pattern);
            own.or_else(|| (e.legacy == Some(pattern)).then_some(e.path))
        })
        .expect("an endpoint")
}

/// Array indices folded, so one wrong field of 40 items is one line.
fn fold_indices(error: &str) -> String {
    let mut out = String::new();
    let mut in_index = false;
    for c in error.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            c if !in_index => out.push(c),
            _ => {}
        }
    }
    out
}

async fn check_version(dir: &std::path::Path, version: &str) -> Vec<String> {
    let doc = document(dir, version);
    let checker = Checker::new(&doc);
    let s = Server::new();
    let token = s.token().await;
    let ids = ids(&s, &token, &doc).await;
    let mut events = s.state.events.subscribe();
    let mut problems = BTreeSet::new();
    let mut logout = Vec::new();
    let mut all = Vec::new();
    for endpoint in demo_server::http::routes::endpoints() {
        for form in endpoint.documented() {
            let documented = doc["paths"].get(form).is_some();
            if NOT_IN_DOCUMENT.contains(&form) == documented {
                problems.insert(format!(
                    "{form}: NOT_IN_DOCUMENT says {}, the {version} document disagrees",
                    if documented { "absent" } else { "present" }
                ));
            }
        }
        for pattern in endpoint.documented().into_iter().chain(endpoint.legacy) {
            for method in &endpoint.methods {
                match samples(method, pattern, &ids) {
                    None => {
                        problems.insert(format!(
                            "{method} {pattern}: no sample request in tests/openapi.rs"
                        ));
                    }
                    Some(list) => all.extend(list),
                }
            }
        }
    }
    for sample in all {
        // Logging out ends the token: do it last, with a token of its own.
        if sample.pattern == "/Sessions/Logout" {
            logout.push(sample);
            continue;
        }
        check_one(&s, &checker, &doc, &token, &sample, &mut problems).await;
    }
    for sample in logout {
        let own = s.token_for("alice").await;
        check_one(&s, &checker, &doc, &own, &sample, &mut problems).await;
    }
    // `/socket`: every message it sends, against the document's WebSocket messages. The
    // played and favorite samples above caused UserDataChanged; a rename, LibraryChanged.
    let renamed = s
        .post(
            &format!("/__demo/items/{}", ids.movie),
            None,
            json!({"Name": "Renamed"}),
        )
        .await;
    assert!(renamed.status.is_success());
    let mut messages = vec![
        demo_server::http::events::force_keep_alive(&s.state.new_id()),
        demo_server::http::events::keep_alive(&s.state.new_id()),
    ];
    let mut kinds = BTreeSet::new();
    while let Ok(event) = events.try_recv() {
        let message = event.message(&s.state.new_id());
        kinds.insert(message["MessageType"].as_str().unwrap_or("").to_string());
        messages.push(message);
    }
    assert_eq!(
        kinds,
        BTreeSet::from(["LibraryChanged".to_string(), "UserDataChanged".to_string()]),
        "the samples caused both kinds of push"
    );
    let outbound = json!({"$ref": "#/components/schemas/OutboundWebSocketMessage"});
    for message in &messages {
        for error in checker.check(&outbound, message, "$") {
            problems.insert(format!(
                "/socket {}: {}",
                message["MessageType"],
                fold_indices(&error)
            ));
        }
    }
    problems
        .into_iter()
        .map(|p| format!("{version} {p}"))
        .collect()
}

async fn check_one(
    s: &Server,
    checker: &Checker<'_>,
    doc: &Value,
    token: &str,
    sample: &Sample,
    problems: &mut BTreeSet<String>,
) {
    let r = if sample.pattern == "/Users/AuthenticateByName" {
        s.login_as("demo", "demo", "openapi-device").await
    } else {
        let body = sample.body.clone().or(match sample.method {
            Method::POST => Some(json!({})),
            _ => None,
        });
        s.request(sample.method.clone(), &sample.uri, Some(token), body)
            .await
    };
    let what = format!("{} {}", sample.method, sample.uri);
    if !r.status.is_success() {
        problems.insert(format!("{what}: status {}", r.status));
        return;
    }
    let mut op_path = operation_path(sample.pattern);
    if let Some((_, same)) = SAME_ANSWER_AS.iter().find(|(path, _)| *path == op_path) {
        op_path = same;
    }
    let op = &doc["paths"][op_path][sample.method.as_str().to_ascii_lowercase()];
    if op.is_null() {
        problems.insert(format!(
            "{what}: {op_path} has no {} operation",
            sample.method
        ));
        return;
    }
    let response = &op["responses"][r.status.as_str()];
    if response.is_null() {
        problems.insert(format!("{what}: status {} is not documented", r.status));
        return;
    }
    let Some(content) = response["content"].as_object() else {
        if !r.body.is_empty() {
            problems.insert(format!("{what}: a body where the document has none"));
        }
        return;
    };
    if let Some(json_schema) = content.get("application/json").map(|c| &c["schema"]) {
        let value = match serde_json::from_slice::<Value>(&r.body) {
            Ok(v) => v,
            Err(e) => {
                problems.insert(format!("{what}: not JSON ({e})"));
                return;
            }
        };
        for error in checker.check(json_schema, &value, "$") {
            problems.insert(format!(
                "{} {op_path}: {}",
                sample.method,
                fold_indices(&error)
            ));
        }
        return;
    }
    // A binary answer (images): its content type must be one the document names.
    let ct = r.header("content-type").unwrap_or("");
    let fits = content.keys().any(|k| match k.strip_suffix("/*") {
        Some(major) => ct.starts_with(&format!("{major}/")),
        None => ct.starts_with(k.as_str()),
    });
    if !fits {
        problems.insert(format!(
            "{what}: content type {ct:?}, the document says {:?}",
            content.keys().collect::<Vec<_>>()
        ));
    }
}

#[tokio::test]
async fn every_answer_matches_jellyfins_schemas() {
    let Some(dir) = openapi_dir() else {
        eprintln!(
            "SKIPPED: Jellyfin's OpenAPI extracts not found (../shared/jellyfin-openapi beside \
             the repo, or set JELLYFIN_OPENAPI_DIR); the demo server's answers were not checked"
        );
        return;
    };
    let mut problems = Vec::new();
    for version in VERSIONS {
        problems.extend(check_version(&dir, version).await);
    }
    assert!(
        problems.is_empty(),
        "{} differences from Jellyfin's contract:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_check_sees_a_wrong_answer() {
    let Some(dir) = openapi_dir() else {
        eprintln!("SKIPPED: no OpenAPI extracts");
        return;
    };
    let doc = document(&dir, VERSIONS[1]);
    let checker = Checker::new(&doc);
    let schema = json!({"$ref": "#/components/schemas/BaseItemDtoQueryResult"});
    let wrong = json!({"Items": [{"Id": "0123456789abcdef0123456789abcdef", "Type": "Movies", "RunTimeTicks": "1"}], "TotalRecordCount": 1, "Extra": 1});
    let mut errors = checker.check(&schema, &wrong, "$");
    errors.sort();
    assert_eq!(
        errors,
        [
            "$.Extra: not a property of this schema",
            "$.Items[0].RunTimeTicks: a string where the schema says integer",
            "$.Items[0].Type: \"Movies\" is not one of the enum's values",
        ]
    );
}
