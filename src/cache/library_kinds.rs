//! Which kind each library is (its Jellyfin CollectionType: movies, tvshows), remembered in
//! localStorage per user database. A library page started by a reload needs the kind to name
//! its records; read here it starts those reads at once instead of after the library list.
//! Ids and kinds only, nothing secret; removed with the user's data at log out.
use web_sys::Storage;

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn storage_key(database: &str) -> String {
    format!("marquee:library-kinds:{database}")
}

/// One `id<TAB>collection type` per line.
fn parse(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter_map(|line| line.split_once('\t'))
}

/// The collection type last seen for `library_id`, if any.
pub fn remembered(database: &str, library_id: &str) -> Option<String> {
    let text = storage()?.get_item(&storage_key(database)).ok()??;
    let kind = parse(&text)
        .find(|(id, _)| *id == library_id)
        .map(|(_, kind)| kind.to_string());
    kind
}

/// Notes the collection type of `library_id` (a write only when it changed).
pub fn remember(database: &str, library_id: &str, collection_type: &str) {
    let Some(storage) = storage() else { return };
    let key = storage_key(database);
    let old = storage.get_item(&key).ok().flatten().unwrap_or_default();
    if parse(&old).any(|line| line == (library_id, collection_type)) {
        return;
    }
    let mut text: String = parse(&old)
        .filter(|(id, _)| *id != library_id)
        .map(|(id, kind)| format!("{id}\t{kind}\n"))
        .collect();
    text.push_str(&format!("{library_id}\t{collection_type}\n"));
    // Full or unavailable storage only costs the shortcut.
    let _ = storage.set_item(&key, &text);
}

/// Forgets every library of `database` (log out, clear cache).
pub fn forget_all(database: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&storage_key(database));
    }
}
