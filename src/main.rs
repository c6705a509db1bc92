fn main() {
    marquee::start();
}
