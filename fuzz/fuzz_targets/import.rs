#![no_main]
// Assessment files travel between machines: any bytes must be refused cleanly or imported whole.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("in.saqdesk");
    std::fs::write(&file, data).expect("write");
    let mut store = saqdesk::store::Store::open(&dir.path().join("db.sqlite3")).expect("db");
    let who = saqdesk::store::Actor::new("fuzz", chrono_now());
    let _ = store.import_assessment(&file, &who);
    assert!(store.integrity_ok().unwrap_or(false));
});

fn chrono_now() -> saqdesk_time::DateTime {
    saqdesk_time::epoch()
}

mod saqdesk_time {
    pub type DateTime = chrono::DateTime<chrono::Utc>;
    pub fn epoch() -> DateTime {
        chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap_or_default()
    }
}
