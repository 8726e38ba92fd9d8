fn main() { println!("{}", saqdesk::VERSION); }
