//! Generated pictures: an SVG poster with the title, or a raster poster as JPEG or PNG.

pub mod jpeg;
pub mod png;
pub mod raster;
pub mod svg;
