//! One file per route. Pages read store signals; they never fetch.
mod downloads;
mod first_paint;
mod home;
mod library;
mod login;
mod marks;
mod movie;
mod not_found;
mod player;
mod search;
mod settings;
mod show;

pub use downloads::DownloadsPage;
pub use home::HomePage;
pub use library::LibraryPage;
pub use login::LoginPage;
pub use movie::MoviePage;
pub use not_found::NotFoundPage;
pub use player::PlayerPage;
pub use search::SearchPage;
pub use settings::SettingsPage;
pub use show::ShowPage;
