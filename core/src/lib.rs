// Marquee core: see lib docs
