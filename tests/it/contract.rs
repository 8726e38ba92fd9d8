//! The UI's TypeScript contract is generated from the Rust types: a change to a command's
//! arguments or results that is not regenerated into `ui/src/lib/contract.ts` fails here.

use crate::common;

#[test]
fn contract_is_current() {
    let path = common::root().join("ui/src/lib/contract.ts");
    let generated = saqdesk::ipc::typescript();
    if std::env::var_os("UPDATE_CONTRACT").is_some() {
        std::fs::write(&path, &generated).expect("write contract");
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "ui/src/lib/contract.ts is not what the Rust types generate; run `UPDATE_CONTRACT=1 cargo test --test it contract` and commit it"
    );
}

#[test]
fn every_error_code_is_in_the_contract() {
    let ts = saqdesk::ipc::typescript();
    for c in saqdesk::desk::ErrorCode::ALL {
        assert!(ts.contains(&format!("\"{}\"", c.as_str())), "{} missing from the ErrorCode type", c.as_str());
    }
}
