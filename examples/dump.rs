fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = wenshen::document::parse(&wenshen::source::SourceFile::from_text(path, text));
        println!("{}", serde_json::to_string_pretty(&doc).unwrap());
    }
}
