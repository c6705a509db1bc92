//! One file per route. Pages read store signals; they never fetch.
mod home;
mod library;
mod marks;
mod login;
mod movie;
mod show;
mod not_found;

pub use home::HomePage;
pub use library::LibraryPage;
pub use login::LoginPage;
pub use movie::MoviePage;
pub use show::ShowPage;
pub use not_found::NotFoundPage;
