//! Finding elements in a saved HTML page without building its DOM: html5ever's tokenizer alone,
//! switched into the same raw-text modes a browser uses (script, style, title, textarea,
//! noscript…), so text inside them is never taken for a tag. Building the whole tree costs time in
//! proportion to nesting depth times length: a saved page with 200,000 nested elements took minutes
//! that way; this takes milliseconds.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use std::cell::RefCell;

/// An element as the page source has it: attributes (the first of a name wins, as in a browser)
/// and its text (for `script`, the code).
pub struct Element {
    pub attrs: Vec<(String, String)>,
    pub text: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

struct Sink<'a> {
    name: &'a str,
    done: RefCell<Vec<Element>>,
    open: RefCell<Option<Element>>,
}

impl Sink<'_> {
    fn close(&self) {
        if let Some(e) = self.open.borrow_mut().take() {
            self.done.borrow_mut().push(e);
        }
    }
}

impl TokenSink for Sink<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let name: &str = &tag.name;
                if name == self.name {
                    self.close();
                    let attrs = tag.attrs.iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
                    *self.open.borrow_mut() = Some(Element { attrs, text: String::new() });
                }
                match name {
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                    // `noscript` is raw text when scripting is on, as in the browsers that run the page.
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                        TokenSinkResult::RawData(RawKind::Rawtext)
                    }
                    "plaintext" => TokenSinkResult::Plaintext,
                    // A void element such as `meta` has no end tag or text.
                    _ if name == self.name && is_void(name) => {
                        self.close();
                        TokenSinkResult::Continue
                    }
                    _ => TokenSinkResult::Continue,
                }
            }
            Token::TagToken(tag) if &*tag.name == self.name => {
                self.close();
                TokenSinkResult::Continue
            }
            Token::CharacterTokens(text) => {
                if let Some(e) = self.open.borrow_mut().as_mut() {
                    e.text.push_str(&text);
                }
                TokenSinkResult::Continue
            }
            Token::EOFToken => {
                self.close();
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Every `<name>` element of `html` (`name` in lower case), in document order.
pub fn elements(html: &str, name: &str) -> Vec<Element> {
    let tokenizer =
        Tokenizer::new(Sink { name, done: RefCell::default(), open: RefCell::default() }, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.close();
    tokenizer.sink.done.take()
}

#[cfg(test)]
mod tests {
    use super::elements;

    #[test]
    fn scripts_with_attributes_and_text() {
        let html = r#"<title><script>no</script></title><!-- <script src="/c.js"> --><script src="/a.js" SRC="/dup.js" async></script><textarea><script></textarea><script>let x = "</div>";</script><svg><script>s</script></svg><script>unclosed"#;
        let got: Vec<(Option<String>, String)> =
            elements(html, "script").into_iter().map(|e| (e.attr("src").map(str::to_string), e.text)).collect();
        assert_eq!(
            got,
            [
                (Some("/a.js".to_string()), String::new()),
                (None, "let x = \"</div>\";".to_string()),
                (None, "s".to_string()),
                (None, "unclosed".to_string())
            ]
        );
    }

    #[test]
    fn void_meta_elements() {
        let html = r#"<meta charset="utf-8"><META http-equiv="Content-Security-Policy" content="script-src 'self'"><p>text</p>"#;
        let metas = elements(html, "meta");
        assert_eq!(metas.len(), 2);
        assert_eq!(metas[1].attr("http-equiv"), Some("Content-Security-Policy"));
        assert_eq!(metas[1].text, "");
    }

    #[test]
    fn deep_nesting_is_cheap() {
        let html = format!(
            "{}<script src=\"https://js.stripe.com/v3\"></script>{}",
            "<div>".repeat(200_000),
            "</div>".repeat(200_000)
        );
        let scripts = elements(&html, "script");
        assert_eq!(scripts.len(), 1);
        assert_eq!(scripts[0].attr("src"), Some("https://js.stripe.com/v3"));
    }
}
