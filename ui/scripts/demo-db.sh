#!/usr/bin/env bash
# Builds a realistic demo database with the real `saqdesk` command line, for the browser demo
# (`./dev demo`), screenshots and manual testing. Nothing here decides anything: every answer goes
# through the core's rules exactly as the app's would.
#
#   ui/scripts/demo-db.sh OUT.sqlite3 [EVIDENCE_DIR]
#
# OUT.sqlite3   the database to write (replaced if it exists)
# EVIDENCE_DIR  where the sample evidence files are written (default: evidence/ beside OUT); pass
#               it to `saqdesk serve --evidence-dir` so "Attach files…" has something to offer
#
# SAQDESK=/path/to/saqdesk picks the binary (default: target/debug/saqdesk, built if missing).
# Every command runs at a fixed time (SAQDESK_NOW), so the same script gives the same answers,
# dates and audit trail each time (IDs are random).
#
# What it holds:
#   - Bean & Bloom Coffee Roasters Ltd: online shop on Stripe Checkout. SAQ A for 2025 answered,
#     attested and exported; 2026 rolled forward and partly reviewed, with notes, owners, N/A
#     explanations, a Not in Place answer with its remediation date, and evidence files.
#   - Northwind Outfitters GmbH: a legacy Stripe.js v2 checkout, SAQ A-EP 2026, with requirements
#     answered per bullet (4.2.1, 6.4.3, 11.6.1) and one bullet Not in Place.
#   - Harbour Street Dental LLP: takes phone payments in the Stripe Dashboard, SAQ C-VT 2026, just
#     started.
#   - Fjord & Fell Outdoor AS: a web shop on Stripe Elements and Stripe Terminal readers in its
#     Bergen store, kept apart: one 2026 assessment holding SAQ A (e-commerce) and SAQ C
#     (card-present). The answers the two SAQs share are given once; 9.4.1 and 9.4.6 are answered
#     per SAQ (Not Applicable for the web shop, In Place in the store). SAQ A is attested; SAQ C is
#     under way, with one requirement Not in Place.
set -euo pipefail

OUT=${1:?usage: demo-db.sh OUT.sqlite3 [EVIDENCE_DIR]}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(realpath -m "$OUT")
EV=$(realpath -m "${2:-$(dirname "$OUT")/evidence}")
SAQDESK=${SAQDESK:-$ROOT/target/debug/saqdesk}
if [ ! -x "$SAQDESK" ]; then
  (cd "$ROOT" && cargo build --quiet --bin saqdesk)
fi

mkdir -p "$(dirname "$OUT")" "$EV"
rm -f "$OUT" "$OUT-wal" "$OUT-shm"
export SAQDESK_DB="$OUT"
unset SAQDESK_NOW

# sd USER TIME args...: one saqdesk command as USER at TIME; its stdout (an ID) is passed on, what it
# reports on stderr is shown only when it fails.
sd() {
  local user=$1 at=$2 err
  shift 2
  err=$(mktemp)
  if ! SAQDESK_USER="$user" SAQDESK_NOW="$at" "$SAQDESK" "$@" 2>"$err"; then
    echo "demo-db: saqdesk $* failed:" >&2
    cat "$err" >&2
    rm -f "$err"
    return 1
  fi
  rm -f "$err"
}

# ---- Sample evidence files ------------------------------------------------------------------
cat >"$EV/stripe-aoc-2025.txt" <<'EOF'
Stripe, Inc. — PCI DSS v4.0.1 Attestation of Compliance for Service Providers (summary)
Assessed entity: Stripe, Inc. — Level 1 service provider
Date of report: 2025-06-30
Services covered: payment processing, Stripe Checkout, Stripe Elements, Stripe Terminal, Dashboard
Source: https://stripe.com/docs/security (downloaded by the compliance officer)
EOF
cat >"$EV/stripe-aoc-2026.txt" <<'EOF'
Stripe, Inc. — PCI DSS v4.0.1 Attestation of Compliance for Service Providers (summary)
Assessed entity: Stripe, Inc. — Level 1 service provider
Date of report: 2026-06-30
Services covered: payment processing, Stripe Checkout, Stripe Elements, Stripe Terminal, Dashboard
EOF
cat >"$EV/service-providers.csv" <<'EOF'
provider,service,touches card data,AOC checked,next check
"Stripe, Inc.",Payments (Checkout),yes,2026-07-04,2027-07-01
Shopfront Hosting Ltd,Web hosting of the shop,no (redirect only),2026-07-04,2027-07-01
Roastery IT Services,Laptops and e-mail,no,2026-07-04,2027-07-01
EOF
cat >"$EV/asv-scan-2026-q3.txt" <<'EOF'
External vulnerability scan — approved scanning vendor report (summary)
Target: shop.beanandbloom.example (203.0.113.20)
Scan date: 2026-09-14
Result: PASS — no vulnerabilities rated 4.0 or higher
EOF
cat >"$EV/asv-scan-2025-q3.txt" <<'EOF'
External vulnerability scan — approved scanning vendor report (summary)
Target: shop.beanandbloom.example (203.0.113.20)
Scan date: 2025-09-10
Result: PASS
EOF
cat >"$EV/password-policy.md" <<'EOF'
# Bean & Bloom — access and password policy (v3, September 2026)

- Every person has their own Stripe Dashboard login; no shared accounts.
- Passwords: at least 12 characters, letters and digits; passkeys where offered.
- Two-factor authentication is required on Stripe, the shop admin and e-mail.
- Leavers lose access on their last day (checklist in the HR folder).
EOF
cat >"$EV/incident-response-plan.md" <<'EOF'
# Incident response plan (summary)

1. Suspect a compromise of the shop or a Stripe account: call the owner, then Stripe support.
2. Take the shop offline if the checkout page may have been changed.
3. Keep the logs; tell the acquirer within 24 hours.
EOF
cat >"$EV/northwind-script-inventory.csv" <<'EOF'
script,origin,purpose,approved by,approved on
https://js.stripe.com/v2/,Stripe,card tokenisation,J. Becker,2026-08-12
/assets/checkout.js,first party,checkout page,J. Becker,2026-08-12
https://www.googletagmanager.com/gtm.js,Google,analytics (to be removed from the payment page),—,—
EOF
if command -v convert >/dev/null 2>&1; then
  convert -size 640x360 xc:'#f4efe6' -fill '#5a3e2b' -pointsize 28 -annotate +40+80 'Stripe Dashboard — Team' \
    -pointsize 18 -annotate +40+130 'Maya Okafor      Owner        2FA on' \
    -annotate +40+165 'Tom Reyes        Admin        2FA on' \
    -annotate +40+200 'Aisha Kent       Support      2FA on' "$EV/stripe-team-2fa.png" 2>/dev/null || true
fi

# ---- 1. Bean & Bloom Coffee Roasters: SAQ A, 2025 attested, 2026 rolled forward ---------------
T0=2025-10-06T09:00:00Z
BB=$(sd "Maya Okafor" $T0 merchant set --name "Bean & Bloom Coffee Roasters Ltd" --dba "Bean & Bloom" \
  --address "14 Mill Lane, Bristol BS1 4QA, United Kingdom" --website "https://beanandbloom.example" \
  --contact-name "Maya Okafor" --contact-title "Managing Director" --contact-email "maya@beanandbloom.example" \
  --contact-phone "+44 117 496 0123" \
  --business-description "Roasts speciality coffee and sells beans and subscriptions through its online shop; customers pay on Stripe Checkout." \
  --location "Roastery and office|1|Bristol, United Kingdom" \
  --provider "Stripe=Payment processing (Stripe Checkout)" --provider "Shopfront Hosting Ltd=Hosting of the online shop")
A25=$(sd "Maya Okafor" $T0 assessment new --merchant "$BB" --year 2025 --method checkout \
  --answer third-party-scripts=no --answer staff-keyed-web=no --answer stores-card-data=no)

T1=2025-10-20T14:30:00Z
ans25() { sd "Maya Okafor" $T1 answer "$A25" "$@" >/dev/null; }
for r in 2.2.2 3.1.1 3.2.1 6.3.1 6.3.3 8.2.2 8.2.5 8.3.1 8.3.5 8.3.7 8.3.9 11.3.2.1 12.8.2 12.8.3 12.8.5 12.10.1; do
  ans25 "$r" --response in-place --owner "Maya Okafor"
done
ans25 8.2.1 --response in-place --owner "Tom Reyes" --note "Each of the three staff has their own Stripe Dashboard login."
ans25 8.3.6 --response in-place --owner "Tom Reyes" --note "Stripe enforces its password rules on Dashboard logins."
ans25 11.3.2 --response in-place --owner "Tom Reyes" --note "Quarterly ASV scans of the shop's web server, all passed."
ans25 12.8.1 --response in-place --owner "Maya Okafor" --note "Stripe and the shop's host are the only providers."
ans25 12.8.4 --response in-place --owner "Maya Okafor" --note "Stripe's AOC checked in July."
for r in 9.4.1 9.4.1.1 9.4.2 9.4.3 9.4.4 9.4.6; do
  ans25 "$r" --response not-applicable --owner "Maya Okafor" \
    --explanation "Bean & Bloom never records card data on paper or any other media: customers pay on Stripe Checkout and staff never take card details."
done
sd "Tom Reyes" $T1 evidence add "$A25" 12.8.4 "$EV/stripe-aoc-2025.txt" --effective-date 2025-06-30 --description "Stripe's AOC for 2025" >/dev/null
sd "Tom Reyes" $T1 evidence add "$A25" 11.3.2 "$EV/asv-scan-2025-q3.txt" --effective-date 2025-09-10 --description "ASV scan, Q3 2025" >/dev/null
sd "Tom Reyes" $T1 evidence add "$A25" 12.8.1 "$EV/service-providers.csv" --effective-date 2025-07-04 --description "Provider list with AOC dates" >/dev/null
for c in A.1 A.2 A.3 A.4 A.5 A.6 A.7; do sd "Maya Okafor" $T1 confirm "$A25" "$c" >/dev/null; done
sd "Maya Okafor" $T1 assessment details "$A25" \
  --how-channels-handle-data "E-commerce only: customers are redirected to Stripe Checkout, hosted by Stripe; the shop never receives card data." \
  --environment "The shop's web server (managed hosting) that links to Stripe Checkout, and three staff laptops." \
  --segmentation no --uses-validated-products no \
  --providers-handle-data yes --providers-manage-components yes --providers-affect-security no >/dev/null
sd "Maya Okafor" 2025-11-20T10:00:00Z attest "$A25" --name "Maya Okafor" --title "Managing Director" --date 2025-11-20 >/dev/null

# 2026: rolled forward, reviewed in part.
T2=2026-10-05T08:45:00Z
A26=$(sd "Maya Okafor" $T2 assessment new --from "$A25" --year 2026)
T3=2026-10-12T11:15:00Z
for r in 2.2.2 3.1.1 3.2.1 6.3.1 6.3.3 8.2.1 8.2.2 8.2.5 9.4.1 9.4.1.1 9.4.2 12.8.2 12.8.3; do
  sd "Maya Okafor" $T3 review "$A26" "$r" >/dev/null
done
ans26() { sd "Tom Reyes" $T3 answer "$A26" "$@" >/dev/null; }
ans26 8.3.6 --response not-in-place --owner "Tom Reyes" \
  --note "The shop admin (not Stripe) still accepts 8-character passwords." \
  --remediation-plan "Move the shop admin to the host's single sign-on with passkeys; until then, 2FA for every admin." \
  --remediation-date 2027-03-31
ans26 11.3.2 --response in-place --owner "Tom Reyes" --note "Q3 2026 ASV scan passed; Q4 scan booked for December."
ans26 12.8.4 --response in-place --owner "Maya Okafor" --note "Stripe's 2026 AOC checked on 4 July 2026."
ans26 12.8.1 --response in-place --owner "Maya Okafor" --note "Roastery IT Services added this year (laptops and e-mail; no card data)."
ans26 12.10.1 --owner "Maya Okafor" --note "Plan rewritten in September; to be tested with the team in November."
sd "Tom Reyes" $T3 evidence add "$A26" 11.3.2 "$EV/asv-scan-2026-q3.txt" --effective-date 2026-09-14 --description "ASV scan, Q3 2026" >/dev/null
sd "Tom Reyes" $T3 evidence add "$A26" 12.8.4 "$EV/stripe-aoc-2026.txt" --effective-date 2026-06-30 --description "Stripe's AOC for 2026" >/dev/null
sd "Tom Reyes" $T3 evidence add "$A26" 8.2.1 8.3.6 "$EV/password-policy.md" --effective-date 2026-09-01 --description "Access and password policy v3" >/dev/null
sd "Maya Okafor" $T3 evidence add "$A26" 12.10.1 "$EV/incident-response-plan.md" --effective-date 2026-09-20 --description "Incident response plan" >/dev/null
if [ -f "$EV/stripe-team-2fa.png" ]; then
  sd "Tom Reyes" $T3 evidence add "$A26" 8.2.1 8.3.1 "$EV/stripe-team-2fa.png" --effective-date 2026-10-12 --description "Stripe Dashboard team page: one login each, 2FA on" >/dev/null
fi
sd "Maya Okafor" $T3 assessment details "$A26" \
  --how-channels-handle-data "E-commerce only: customers are redirected to Stripe Checkout, hosted by Stripe; the shop never receives card data." >/dev/null

# ---- 2. Northwind Outfitters: SAQ A-EP, answered per bullet ---------------------------------
T4=2026-09-01T09:00:00Z
NW=$(sd "Jonas Becker" $T4 merchant set --name "Northwind Outfitters GmbH" --dba "Northwind" \
  --address "Hafenstraße 8, 20457 Hamburg, Germany" --website "https://northwind-outfitters.example" \
  --contact-name "Jonas Becker" --contact-title "Head of E-commerce" --contact-email "jonas.becker@northwind-outfitters.example" \
  --business-description "Sells outdoor clothing online; the checkout page draws its own card fields with Stripe.js v2." \
  --location "Office and warehouse|1|Hamburg, Germany" --provider "Stripe=Payment processing (Stripe.js v2)" \
  --provider "CloudPlatz GmbH=Hosting of the web shop")
ANW=$(sd "Jonas Becker" $T4 assessment new --merchant "$NW" --year 2026 --method stripejs-v2 --answer stores-card-data=no)
T5=2026-09-15T13:00:00Z
nw() { sd "Jonas Becker" $T5 answer "$ANW" "$@" >/dev/null; }
nw 4.2.1 --bullet 1=in-place --bullet 2=in-place --bullet 3=in-place --bullet 4=not-applicable --owner "Jonas Becker" \
  --explanation "Bullet 4: no wireless network carries card data; the checkout page is served over TLS only."
nw 6.4.3 --bullet 1=in-place --bullet 2=in-place --bullet 3=not-in-place --owner "Lena Vogt" \
  --note "Every script on the payment page is listed with its purpose; the tag manager is not yet justified." \
  --remediation-plan "Remove the tag manager from the payment page, or justify and pin it." --remediation-date 2026-12-31
nw 11.6.1 --bullet 1=in-place --bullet 2=in-place --bullet 3=in-place --owner "Lena Vogt" \
  --note "Change- and tamper-detection on the payment page runs weekly (hosting provider's monitoring)."
for r in 2.2.2 2.2.7 8.2.1 8.3.6 12.8.1 12.8.4; do nw "$r" --response in-place --owner "Jonas Becker"; done
sd "Lena Vogt" $T5 evidence add "$ANW" 6.4.3 "$EV/northwind-script-inventory.csv" --effective-date 2026-08-12 --description "Payment page script inventory" >/dev/null
for c in A-EP.1 A-EP.2 A-EP.3; do sd "Jonas Becker" $T5 confirm "$ANW" "$c" >/dev/null; done

# ---- 3. Harbour Street Dental: SAQ C-VT, just started ----------------------------------------
T6=2026-11-23T16:20:00Z
HS=$(sd "Priya Shah" $T6 merchant set --name "Harbour Street Dental LLP" \
  --address "3 Harbour Street, Whitby YO21 3PT, United Kingdom" --contact-name "Priya Shah" \
  --contact-title "Practice Manager" --contact-email "priya@harbourstreetdental.example" \
  --business-description "A dental practice that takes payments for treatment plans over the phone, keyed into the Stripe Dashboard." \
  --provider "Stripe=Payment processing (Dashboard manual entry)")
AHS=$(sd "Priya Shah" $T6 assessment new --merchant "$HS" --year 2026 --method dashboard \
  --answer dashboard-computer-connected=no --answer dashboard-card-reader=no --answer dashboard-batch-entry=no --answer stores-card-data=no)
sd "Priya Shah" $T6 confirm "$AHS" C-VT.1 >/dev/null
sd "Priya Shah" $T6 answer "$AHS" 8.2.1 --response in-place --owner "Priya Shah" --note "Reception and the practice manager each have their own Dashboard login." >/dev/null

# ---- 4. Fjord & Fell Outdoor: one assessment, SAQ A (web shop) + SAQ C (store) ---------------
T7=2026-10-01T08:30:00Z
FF=$(sd "Ingrid Solberg" $T7 merchant set --name "Fjord & Fell Outdoor AS" --dba "Fjord & Fell" \
  --address "Strandkaien 12, 5013 Bergen, Norway" --website "https://fjordandfell.example" \
  --contact-name "Ingrid Solberg" --contact-title "Chief Financial Officer" --contact-email "ingrid@fjordandfell.example" \
  --business-description "Sells outdoor gear in its online shop (card fields from Stripe Elements) and in its Bergen store, where customers pay on Stripe Terminal readers." \
  --location "Retail store|1|Bergen, Norway" --location "Office and warehouse|1|Bergen, Norway" \
  --provider "Stripe=Payment processing (Elements online, Terminal in the store)" --provider "Nordhost AS=Hosting of the online shop")
AFF=$(sd "Ingrid Solberg" $T7 assessment new --merchant "$FF" --year 2026 --method elements --method terminal \
  --answer channels-separated=yes --answer third-party-scripts=no --answer staff-keyed-web=no --answer stores-card-data=no \
  --answer terminal-shared-network=no --answer terminal-other-sites=no --route per-channel)
T8=2026-10-20T10:00:00Z
ff() { sd "Ingrid Solberg" $T8 answer "$AFF" "$@" >/dev/null; }
# Answered once, counting for SAQ A and SAQ C alike.
for r in 2.2.2 6.3.1 6.3.3 8.2.2 8.2.5 8.3.1 8.3.5 8.3.7 8.3.9 11.3.2.1 12.8.2 12.8.3 12.8.5 12.10.1; do
  ff "$r" --response in-place --owner "Ingrid Solberg"
done
ff 3.1.1 --response in-place --owner "Ingrid Solberg" --note "The data-retention policy covers the shop and the store alike."
ff 8.2.1 --response in-place --owner "Erik Haugen" --note "Every member of staff has their own Stripe Dashboard login; the store's readers are managed from the same account."
ff 8.3.6 --response in-place --owner "Erik Haugen" --note "Stripe enforces its password rules on Dashboard logins."
ff 11.3.2 --response in-place --owner "Erik Haugen" --note "Quarterly ASV scans of the shop's web server and the store's public IP address, all passed."
ff 12.8.1 --response in-place --owner "Ingrid Solberg" --note "Stripe (online and Terminal) and Nordhost (shop hosting) are the only providers."
ff 12.8.4 --response in-place --owner "Ingrid Solberg" --note "Stripe's 2026 AOC checked in July; Nordhost confirmed it never receives card data."
for r in 9.4.1.1 9.4.2 9.4.3 9.4.4; do
  ff "$r" --response not-applicable --owner "Ingrid Solberg" \
    --explanation "No media with card data exist: online, card data goes into Stripe Elements; in the store, the readers print receipts with the last four digits only, which never leave the till."
done
ff 3.2.1 --response in-place --owner "Ingrid Solberg" --note "The web shop stores no card data; Stripe keeps it."
# Answered separately: nothing on paper for the web shop, signed receipts in the store.
for r in 9.4.1 9.4.6; do
  ff "$r" --saq A --response not-applicable --owner "Ingrid Solberg" \
    --explanation "The web shop never has card data on paper or any other media: customers type it into Stripe Elements."
done
ff 9.4.1 --saq C --response in-place --owner "Kari Nilsen" --note "Till receipts are kept in the locked office safe until the monthly shred."
ff 9.4.6 --saq C --response in-place --owner "Kari Nilsen" --note "Receipts are cross-cut shredded on the first Monday of each month (log in the office)."
sd "Erik Haugen" $T8 evidence add "$AFF" 12.8.4 "$EV/stripe-aoc-2026.txt" --effective-date 2026-06-30 --description "Stripe's AOC for 2026" >/dev/null
sd "Erik Haugen" $T8 evidence add "$AFF" 8.2.1 8.3.6 "$EV/password-policy.md" --effective-date 2026-09-01 --description "Access and password policy" >/dev/null
for c in A.1 A.2 A.3 A.4 A.5 A.6 A.7 C.1 C.2 C.3; do sd "Ingrid Solberg" $T8 confirm "$AFF" "$c" >/dev/null; done
sd "Ingrid Solberg" $T8 assessment details "$AFF" --saq A \
  --how-channels-handle-data "E-commerce: customers type card data into Stripe Elements on the shop's checkout page; the shop never receives it." \
  --environment "The shop's web server at Nordhost that serves the checkout page, and the staff laptops used for the Stripe Dashboard." \
  --segmentation no --uses-validated-products no \
  --providers-handle-data yes --providers-manage-components yes --providers-affect-security no >/dev/null
sd "Ingrid Solberg" $T8 assessment details "$AFF" --saq C \
  --how-channels-handle-data "Card-present: customers tap or insert cards on the store's two Stripe Terminal readers, which send the data straight to Stripe." \
  --environment "Two Stripe Terminal readers and the till PC on the store's own network segment, with its own Internet line." \
  --segmentation yes --uses-validated-products no \
  --providers-handle-data yes --providers-manage-components no --providers-affect-security no >/dev/null
sd "Ingrid Solberg" 2026-11-10T09:00:00Z attest "$AFF" --saq A --name "Ingrid Solberg" --title "Chief Financial Officer" --date 2026-11-10 >/dev/null
# SAQ C under way.
T9=2026-11-24T13:30:00Z
ffc() { sd "Kari Nilsen" $T9 answer "$AFF" "$@" >/dev/null; }
for r in 1.3.1 1.3.2 1.3.3 2.1.1 2.2.1 2.2.3 2.2.4 2.2.5 2.2.6 2.2.7 2.3.1 2.3.2 3.3.1 3.3.1.2 3.3.1.3 3.4.1 \
  5.1.1 5.2.1 5.2.2 5.2.3 5.3.1 5.3.2 5.3.3 5.3.4 5.3.5 8.1.1 8.2.4 8.2.6 8.2.7 8.2.8 9.1.1 9.2.1 9.5.1 9.5.1.1 9.5.1.2; do
  ffc "$r" --response in-place --owner "Kari Nilsen"
done
ffc 11.3.1 --response not-in-place --owner "Erik Haugen" --note "No internal vulnerability scan of the store network yet." \
  --remediation-plan "Book quarterly internal scans of the store segment with Nordhost's security team." --remediation-date 2027-01-31

echo "demo database: $OUT"
echo "  Bean & Bloom 2025 (SAQ A, attested): $A25"
echo "  Bean & Bloom 2026 (SAQ A, rolled forward): $A26"
echo "  Northwind 2026 (SAQ A-EP): $ANW"
echo "  Harbour Street Dental 2026 (SAQ C-VT): $AHS"
echo "  Fjord & Fell 2026 (SAQ A + C): $AFF"
echo "evidence files: $EV"
