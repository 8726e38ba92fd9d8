//! The payment-page checks through the CLI, with real-world-shaped policies, pages and trees.

use crate::common::*;

fn code(env: &Env, args: &[&str]) -> (i32, String, String) {
    let out = env.cmd().args(args).output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn csp_policies() {
    let env = Env::new();
    let cases: &[(&[&str], &str, i32, &str)] = &[
        (&["checkout"], "default-src 'self'; script-src 'self' https://checkout.stripe.com; connect-src 'self' https://checkout.stripe.com; frame-src https://checkout.stripe.com; img-src 'self' https://*.stripe.com", 0, "No findings"),
        (&["elements"], "default-src 'self'; script-src 'self' https://js.stripe.com https://*.js.stripe.com; connect-src 'self' https://api.stripe.com; frame-src https://js.stripe.com https://hooks.stripe.com", 1, "https://*.js.stripe.com"),
        (&["elements"], "default-src 'self'; script-src 'self' 'unsafe-inline' https://*.stripe.com; connect-src https://api.stripe.com; frame-src https://*.stripe.com", 1, "unsafe-inline"),
        (&["elements"], "default-src 'self'; script-src 'self' 'unsafe-inline' 'nonce-abc123XYZ' https://*.stripe.com; connect-src https://api.stripe.com; frame-src https://*.stripe.com; base-uri 'none'", 0, "No findings"),
        (&["elements"], "default-src 'self'; script-src 'self' 'unsafe-inline' 'nonce-abc123XYZ' https://*.stripe.com; connect-src https://api.stripe.com; frame-src https://*.stripe.com", 1, "sets no base-uri"),
        (&["elements"], "default-src 'self'; script-src 'self' https://js.stripe.com https://*.js.stripe.com https://cdnjs.cloudflare.com; connect-src https://api.stripe.com; frame-src https://*.js.stripe.com https://js.stripe.com https://hooks.stripe.com", 1, "allows cdnjs.cloudflare.com"),
        (&["elements"], "default-src 'self'; SCRIPT-SRC 'nonce-abc123XYZ' 'strict-dynamic' https:; base-uri 'none'; connect-src https://api.stripe.com; frame-src https://*.js.stripe.com https://js.stripe.com https://hooks.stripe.com", 0, "browsers ignore its host list"),
        (&["connect-embedded", "address-element"], "default-src 'self'", 1, "maps.googleapis.com"),
    ];
    for (methods, policy, want, needle) in cases {
        let mut args = vec!["check", "csp", "--header", policy];
        for m in *methods {
            args.extend(["--method", m]);
        }
        let (c, out, err) = code(&env, &args);
        assert_eq!(c, *want, "{policy}: {out}{err}");
        assert!(out.contains(needle), "{policy}: {out}");
    }
    // From a saved page's meta tag, and from a header dump.
    let page = env.path("checkout.html");
    write(
        &page,
        r#"<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src https://checkout.stripe.com; frame-src https://checkout.stripe.com; connect-src https://checkout.stripe.com; img-src https://*.stripe.com"></head></html>"#,
    );
    assert_eq!(code(&env, &["check", "csp", "--method", "checkout", "--file", page.to_str().expect("utf8")]).0, 0);
    let headers = env.path("headers.txt");
    write(&headers, "HTTP/2 200\ncontent-type: text/html\ncontent-security-policy: script-src * 'unsafe-eval'\n");
    let (c, out, _) =
        code(&env, &["check", "csp", "--method", "checkout", "--file", headers.to_str().expect("utf8"), "--json"]);
    assert_eq!(c, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let codes: Vec<&str> = v["findings"].as_array().expect("f").iter().filter_map(|f| f["code"].as_str()).collect();
    assert!(codes.contains(&"unsafe-eval") && codes.contains(&"wildcard-source"), "{codes:?}");
    // Malformed input: exit 2 and a clear message.
    let (c, _, err) = code(&env, &["check", "csp", "--method", "checkout", "--header", "<html>oops</html>"]);
    assert_eq!(c, 2, "{err}");
    assert!(err.contains("does not look like a Content-Security-Policy"), "{err}");
    let (c, _, err) = code(&env, &["check", "csp", "--method", "paypal", "--header", "default-src 'self'"]);
    assert_eq!(c, 2);
    assert!(err.contains("'paypal'") && err.contains("elements"), "{err}");
    let none = env.path("none.html");
    write(&none, "<html><body>no policy</body></html>");
    assert_eq!(code(&env, &["check", "csp", "--method", "checkout", "--file", none.to_str().expect("utf8")]).0, 2);
}

#[test]
fn page_inventory_flags_tag_manager_and_attaches_as_evidence() {
    let env = Env::new();
    let m = env.merchant("Script Shop");
    let a = env.ok(&["assessment", "new", "--merchant", &m, "--year", "2026", "--saq", "A"]);
    let page = env.path("pay.html");
    write(
        &page,
        r#"<!doctype html><html><head>
        <script src="https://js.stripe.com/v3/"></script>
        <script src="/assets/checkout.js"></script>
        <script async src="https://www.googletagmanager.com/gtm.js?id=GTM-ABC"></script>
        <script>window.dataLayer = window.dataLayer || [];</script>
        </head><body><div id="payment-element"></div></body></html>"#,
    );
    let csv = env.path("inventory.csv");
    let (c, out, err) = code(
        &env,
        &[
            "check",
            "page",
            page.to_str().expect("utf8"),
            "--origin",
            "https://shop.example",
            "--csv",
            csv.to_str().expect("utf8"),
            "--attach",
            &a,
            "A.7",
        ],
    );
    assert_eq!(c, 1, "{out}{err}");
    assert!(out.contains("googletagmanager.com") && out.contains("https://shop.example/assets/checkout.js"), "{out}");
    assert!(out.contains("sha256-"), "inline scripts by hash: {out}");
    let inv = std::fs::read_to_string(&csv).expect("csv");
    assert_eq!(inv.lines().count(), 5);
    assert!(inv.starts_with("kind,source,origin,owner,hash_or_integrity,justification,authorised_by"));
    assert!(err.contains("saved as evidence"), "{err}");
    let ev = env.json(&["evidence", "list", &a]);
    assert_eq!(ev[0]["links"][0], "A.7");
    let pdf = env.path("r.pdf");
    env.ok(&["export", &a, "--out", pdf.to_str().expect("utf8")]);
    let text = std::process::Command::new("pdftotext")
        .args(["-raw", pdf.to_str().expect("utf8"), "-"])
        .output()
        .expect("pdftotext");
    let compact: String = String::from_utf8_lossy(&text.stdout).split_whitespace().collect();
    let sha = ev[0]["sha256"].as_str().expect("sha");
    assert!(compact.contains("script-inventory-") && compact.contains(sha), "evidence appears in the PDF index");
    assert_eq!(code(&env, &["check", "page", page.to_str().expect("utf8"), "--origin", "shop.example"]).0, 2);
}

#[test]
fn key_scan_respects_gitignore_and_skips_binaries() {
    let env = Env::new();
    let tree = env.path("repo");
    std::fs::create_dir_all(tree.join("src")).expect("mkdir");
    write(&tree.join(".gitignore"), "secrets.local\n");
    write(&tree.join(".env"), "STRIPE_SECRET_KEY=sk_live_51Habcdefghijklmnopqrstuv\n");
    write(&tree.join("secrets.local"), "rk_live_ignoredignoredignored\n");
    write(&tree.join("src/app.js"), "const pk = 'pk_live_notasecret12345';\nconst hook = 'whsec_abcdefghijklmnop';\n");
    std::fs::write(
        tree.join("logo.png"),
        [b"\x89PNG\r\n\x1a\n\0\0".as_slice(), b"sk_live_51Hbinarybinarybinary"].concat(),
    )
    .expect("bin");
    let (c, out, _) = code(&env, &["check", "keys", tree.to_str().expect("utf8")]);
    assert_eq!(c, 1, "{out}");
    assert!(out.contains(".env:1") && out.contains("secret API key"), "{out}");
    assert!(out.contains("src/app.js:2") && out.contains("webhook"), "{out}");
    assert!(!out.contains("secrets.local"), "gitignored files are skipped: {out}");
    assert!(!out.contains("logo.png"), "binary files are skipped: {out}");
    assert!(!out.contains("51Habcdefghijklmnopqrstuv"), "keys are masked: {out}");
    assert!(out.contains("sk_live_…"), "{out}");
    let clean = env.path("clean");
    std::fs::create_dir_all(&clean).expect("mkdir");
    write(&clean.join("main.rs"), "fn main() {}\n");
    assert_eq!(code(&env, &["check", "keys", clean.to_str().expect("utf8")]).0, 0);
    assert_eq!(code(&env, &["check", "keys", env.path("missing").to_str().expect("utf8")]).0, 2);
}
