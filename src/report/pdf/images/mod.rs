//! Preparing evidence images (PNG/JPEG) for embedding as PDF image XObjects.
//!
//! Three routes, cheapest first:
//!
//! - **JPEG passthrough**: a baseline or progressive 8-bit JPEG with 1 (grey) or 3 (YCbCr)
//!   components, no Adobe marker and no side longer than [`IMAGE_MAX_PX`] is embedded
//!   byte for byte with `/DCTDecode`. Only the marker structure is read (SOF for the size,
//!   every segment and the entropy-coded data up to EOI, so a truncated file is not taken);
//!   no pixel is decoded.
//! - **PNG passthrough**: an 8-bit RGB, 1–8-bit grey or palette PNG without transparency,
//!   not interlaced and within [`IMAGE_MAX_PX`], is decoded once to make sure it is sound,
//!   then its IDAT data (a zlib stream of PNG-filtered rows) is embedded as it is with
//!   `/FlateDecode` and the PNG predictor (`/Predictor 15`), so it stays lossless and costs
//!   no re-encoding.
//! - **Decode**: anything else (alpha, 16-bit, interlaced, oversize, CMYK/Adobe JPEG) is
//!   decoded, downscaled to [`IMAGE_MAX_PX`] (area averaging when shrinking by 2× or more,
//!   Catmull-Rom otherwise), alpha flattened onto white, and re-encoded: losslessly (PNG
//!   predictor + flate) when it is small (< [`LOSSLESS_MAX_PIXELS`]) or is a PNG that looks
//!   like a screenshot or diagram (most pixels equal their left neighbour), else as a JPEG
//!   at [`JPEG_QUALITY`].
//!
//! Every route is a pure function of the input bytes, so [`prepare_all`] may run them on
//! several threads and the PDF stays byte-identical.

mod decode;
mod jpeg;
mod png;

use std::collections::BTreeMap;
use std::io::Cursor;
use std::sync::atomic::{AtomicUsize, Ordering};

use image::{ImageFormat, ImageReader};
use printpdf::{DictItem, ExternalStream, ExternalXObject, Px, XObject};

/// Decoded images below this many pixels are always stored losslessly.
pub const LOSSLESS_MAX_PIXELS: u64 = 64 * 1024;
/// JPEG quality for re-encoded (decoded, downscaled, photo-like) images.
pub const JPEG_QUALITY: u8 = 85;
/// Share of sampled pixels equal to their left neighbour from which a decoded image is
/// treated as a screenshot/diagram and kept lossless.
const FLAT_SHARE_LOSSLESS: f64 = 0.5;
/// At most this many images are prepared at once (bounds peak memory on big machines).
const MAX_WORKERS: usize = 8;

/// An image ready to embed: its size in pixels and the XObject stream contents.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub width: u32,
    pub height: u32,
    colour: Colour,
    bits: u8,
    encoding: Encoding,
    data: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq)]
enum Colour {
    Rgb,
    Gray,
    /// `/Indexed /DeviceRGB` with this palette (3 bytes an entry).
    Indexed(Vec<u8>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Encoding {
    /// A complete JPEG file (`/DCTDecode`).
    Dct,
    /// A zlib stream of PNG-filtered rows (`/FlateDecode` with `/Predictor 15`).
    PngFlate,
}

impl Prepared {
    /// The image XObject. It maps to the unit square; the placement scales it.
    pub fn into_xobject(self) -> XObject {
        let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
        let (colour_space, colours) = match self.colour {
            Colour::Rgb => (name("DeviceRGB"), 3),
            Colour::Gray => (name("DeviceGray"), 1),
            Colour::Indexed(palette) => (
                DictItem::Array(vec![
                    name("Indexed"),
                    name("DeviceRGB"),
                    DictItem::Int(palette.len() as i64 / 3 - 1),
                    DictItem::String { data: palette, literal: false },
                ]),
                1,
            ),
        };
        let mut dict = BTreeMap::new();
        dict.insert("Type".to_string(), name("XObject"));
        dict.insert("Subtype".to_string(), name("Image"));
        dict.insert("Width".to_string(), DictItem::Int(self.width.into()));
        dict.insert("Height".to_string(), DictItem::Int(self.height.into()));
        dict.insert("ColorSpace".to_string(), colour_space);
        dict.insert("BitsPerComponent".to_string(), DictItem::Int(self.bits.into()));
        match self.encoding {
            Encoding::Dct => {
                dict.insert("Filter".to_string(), name("DCTDecode"));
            }
            Encoding::PngFlate => {
                dict.insert("Filter".to_string(), name("FlateDecode"));
                let parms = BTreeMap::from([
                    ("Predictor".to_string(), DictItem::Int(15)),
                    ("Colors".to_string(), DictItem::Int(colours)),
                    ("BitsPerComponent".to_string(), DictItem::Int(self.bits.into())),
                    ("Columns".to_string(), DictItem::Int(self.width.into())),
                ]);
                dict.insert("DecodeParms".to_string(), DictItem::Dict { map: parms });
            }
        }
        XObject::External(ExternalXObject {
            stream: ExternalStream { dict, content: self.data, compress: false },
            width: Some(Px(self.width as usize)),
            height: Some(Px(self.height as usize)),
            dpi: None,
        })
    }
}

/// Prepares every input, on up to [`MAX_WORKERS`] threads; results are in input order.
pub fn prepare_all(inputs: &[&[u8]]) -> Vec<Result<Prepared, String>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_WORKERS).min(inputs.len());
    if workers <= 1 {
        return inputs.iter().map(|b| prepare(b)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut out: Vec<Option<Result<Prepared, String>>> = inputs.iter().map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(bytes) = inputs.get(i) else { break };
                        done.push((i, prepare(bytes)));
                    }
                    done
                })
            })
            .collect();
        for h in handles {
            let done = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            for (i, r) in done {
                out[i] = Some(r);
            }
        }
    });
    out.into_iter().map(|r| r.expect("every image is prepared by some worker")).collect()
}

/// Prepares `bytes` for embedding, or says why not (in words fit for the report).
pub fn prepare(bytes: &[u8]) -> Result<Prepared, String> {
    if bytes.is_empty() {
        return Err("the image file is empty".into());
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read the image: {e}"))?;
    let format = reader.format();
    if format == Some(ImageFormat::Jpeg) {
        if let Some(p) = jpeg::passthrough(bytes) {
            return Ok(p);
        }
    }
    if format == Some(ImageFormat::Png) {
        if let Some(p) = png::passthrough(bytes).filter(png::rows_are_sound) {
            return Ok(p);
        }
    }
    let img = decode::decode(reader)?;
    decode::encode(decode::flatten(decode::downscale(img)), format == Some(ImageFormat::Jpeg))
}

#[cfg(test)]
mod tests {
    use super::decode::*;
    use super::jpeg::*;
    use super::png::*;
    use super::*;
    use image::codecs::png::PngEncoder;
    use image::{DynamicImage, ExtendedColorType, GenericImageView, ImageEncoder};

    fn write(img: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    fn png(w: u32, h: u32, alpha: bool) -> Vec<u8> {
        let img = if alpha {
            DynamicImage::ImageRgba8(image::RgbaImage::from_fn(w, h, |x, _| {
                image::Rgba([255, 0, 0, if x % 2 == 0 { 0 } else { 255 }])
            }))
        } else {
            DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
                image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
            }))
        };
        write(img, ImageFormat::Png)
    }

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        write(DynamicImage::ImageRgb8(img), ImageFormat::Jpeg)
    }

    /// Decodes what would be embedded (for the lossless and JPEG routes).
    fn pixels(p: &Prepared) -> DynamicImage {
        match p.encoding {
            Encoding::Dct => image::load_from_memory(&p.data).unwrap(),
            Encoding::PngFlate => {
                // Rebuild a PNG around the IDAT data.
                let (ct, ch) = match p.colour {
                    Colour::Gray => (ExtendedColorType::L8, 1),
                    _ => (ExtendedColorType::Rgb8, 3),
                };
                let blank = vec![0u8; p.width as usize * p.height as usize * ch];
                let mut out = Vec::new();
                PngEncoder::new(&mut out).write_image(&blank, p.width, p.height, ct).unwrap();
                let start = out.windows(4).position(|w| w == b"IDAT").unwrap() - 4;
                let end = out.windows(4).position(|w| w == b"IEND").unwrap() - 4;
                let mut png = out[..start].to_vec();
                png.extend((p.data.len() as u32).to_be_bytes());
                png.extend(b"IDAT");
                png.extend(&p.data);
                png.extend(crc32(b"IDAT", &p.data).to_be_bytes());
                png.extend(&out[end..]);
                image::load_from_memory(&png).unwrap()
            }
        }
    }

    #[test]
    fn jpeg_within_the_limit_is_embedded_unchanged() {
        let bytes = jpeg(300, 200);
        let p = prepare(&bytes).unwrap();
        assert_eq!((p.width, p.height), (300, 200));
        assert_eq!(p.encoding, Encoding::Dct);
        assert_eq!(p.colour, Colour::Rgb);
        assert!(p.data == bytes);

        let grey = write(
            DynamicImage::ImageLuma8(image::GrayImage::from_fn(40, 30, |x, _| image::Luma([x as u8 * 6]))),
            ImageFormat::Jpeg,
        );
        let p = prepare(&grey).unwrap();
        assert_eq!((p.width, p.height, &p.colour), (40, 30, &Colour::Gray));
        assert!(p.data == grey);
    }

    #[test]
    fn jpeg_header_parsing() {
        let bytes = jpeg(64, 48);
        assert_eq!(parse_jpeg(&bytes), Some(JpegInfo { width: 64, height: 48, components: 3 }));
        // Truncated: no EOI, so not passed through (the decoder decides).
        assert_eq!(parse_jpeg(&bytes[..bytes.len() - 40]), None);
        assert_eq!(parse_jpeg(&bytes[..bytes.len() / 2]), None);
        assert_eq!(parse_jpeg(&bytes[..3]), None);
        // An Adobe APP14 segment right after SOI: decode path.
        let mut adobe = bytes[..2].to_vec();
        adobe.extend([0xFF, 0xEE, 0x00, 0x0E]);
        adobe.extend(b"Adobe\x00\x64\x00\x00\x00\x00\x01");
        adobe.extend(&bytes[2..]);
        assert_eq!(parse_jpeg(&adobe), None);
        // Progressive frame (SOF2) is accepted; lossless (SOF3) is not.
        let sof = bytes.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        let mut progressive = bytes.clone();
        progressive[sof + 1] = 0xC2;
        assert!(parse_jpeg(&progressive).is_some());
        let mut lossless = bytes.clone();
        lossless[sof + 1] = 0xC3;
        assert_eq!(parse_jpeg(&lossless), None);
        // Four components (CMYK).
        let mut cmyk = bytes.clone();
        cmyk[sof + 9] = 4;
        assert_eq!(parse_jpeg(&cmyk), None);
    }

    #[test]
    fn adobe_jpeg_is_decoded_and_reencoded() {
        let bytes = jpeg(400, 300);
        let mut adobe = bytes[..2].to_vec();
        adobe.extend([0xFF, 0xEE, 0x00, 0x0E]);
        adobe.extend(b"Adobe\x00\x64\x00\x00\x00\x00\x01");
        adobe.extend(&bytes[2..]);
        let p = prepare(&adobe).unwrap();
        assert_eq!((p.width, p.height, p.encoding), (400, 300, Encoding::Dct));
        assert!(p.data != adobe);
        assert!(parse_jpeg(&p.data).is_some());
    }

    #[test]
    fn oversize_jpeg_is_downscaled_and_reencoded() {
        let p = prepare(&jpeg(3400, 1700)).unwrap();
        assert_eq!((p.width, p.height), (1600, 800));
        assert_eq!(p.encoding, Encoding::Dct);
        let img = pixels(&p);
        assert_eq!(img.dimensions(), (1600, 800));
    }

    #[test]
    fn plain_png_is_embedded_from_its_own_compressed_data() {
        let bytes = png(300, 200, false);
        let p = prepare(&bytes).unwrap();
        assert_eq!((p.width, p.height), (300, 200));
        assert_eq!((p.encoding, &p.colour, p.bits), (Encoding::PngFlate, &Colour::Rgb, 8));
        assert_eq!(p.data, parse_png(&bytes).unwrap().idat);
        assert_eq!(pixels(&p), image::load_from_memory(&bytes).unwrap());
    }

    #[test]
    fn palette_png_keeps_its_palette() {
        let mut out = Vec::new();
        // 2-bit palette PNG, 3 colours, written by hand (the image crate writes no palettes).
        let w = 5u32;
        let h = 2u32;
        let rows: Vec<u8> = (0..h).flat_map(|_| [0u8, 0b0001_1000, 0b0110_0000]).collect();
        // A stored (uncompressed) zlib stream.
        let mut zlib = vec![0x78, 0x01, 0x01];
        zlib.extend((rows.len() as u16).to_le_bytes());
        zlib.extend((!(rows.len() as u16)).to_le_bytes());
        zlib.extend(&rows);
        let (mut a, mut b) = (1u32, 0u32);
        for &c in &rows {
            a = (a + u32::from(c)) % 65521;
            b = (b + a) % 65521;
        }
        zlib.extend(((b << 16) | a).to_be_bytes());
        let chunk = |out: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
            out.extend((data.len() as u32).to_be_bytes());
            out.extend(kind);
            out.extend(data);
            out.extend(crc32(kind, data).to_be_bytes());
        };
        out.extend(b"\x89PNG\r\n\x1a\n");
        let mut ihdr = w.to_be_bytes().to_vec();
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([2, 3, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"PLTE", &[255, 0, 0, 0, 255, 0, 0, 0, 255]);
        chunk(&mut out, b"IDAT", &zlib);
        chunk(&mut out, b"IEND", &[]);
        let decoded = image::load_from_memory(&out).unwrap().to_rgb8();
        assert_eq!(decoded.get_pixel(1, 0).0, [0, 255, 0]);
        let p = prepare(&out).unwrap();
        assert_eq!((p.width, p.height, p.bits), (5, 2, 2));
        assert_eq!(p.colour, Colour::Indexed(vec![255, 0, 0, 0, 255, 0, 0, 0, 255]));
        assert_eq!(p.data, zlib);
    }

    fn crc32(kind: &[u8], data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in kind.iter().chain(data) {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { 0xEDB8_8320 ^ (crc >> 1) } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn alpha_is_flattened_onto_white_losslessly() {
        let p = prepare(&png(4, 2, true)).unwrap();
        assert_eq!((p.width, p.height, p.encoding), (4, 2, Encoding::PngFlate));
        let rgb = pixels(&p).to_rgb8();
        assert_eq!(rgb.get_pixel(0, 0).0, [255, 255, 255]); // transparent → white
        assert_eq!(rgb.get_pixel(1, 0).0, [255, 0, 0]);
    }

    #[test]
    fn grey_with_alpha_stays_grey() {
        let img = image::GrayAlphaImage::from_fn(10, 10, |x, _| image::LumaA([0, if x < 5 { 0 } else { 255 }]));
        let p = prepare(&write(DynamicImage::ImageLumaA8(img), ImageFormat::Png)).unwrap();
        assert_eq!(p.colour, Colour::Gray);
        let g = pixels(&p).to_luma8();
        assert_eq!((g.get_pixel(0, 0).0, g.get_pixel(9, 0).0), ([255], [0]));
    }

    #[test]
    fn large_photo_like_png_is_downscaled_to_jpeg() {
        let noisy = image::RgbImage::from_fn(2000, 500, |x, y| {
            let v = x.wrapping_mul(2_654_435_761).wrapping_add(y.wrapping_mul(40_503));
            image::Rgb([(v >> 8) as u8, (v >> 16) as u8, (v >> 24) as u8])
        });
        let p = prepare(&write(DynamicImage::ImageRgb8(noisy), ImageFormat::Png)).unwrap();
        assert_eq!((p.width, p.height, p.encoding), (1600, 400, Encoding::Dct));
    }

    #[test]
    fn large_screenshot_like_png_stays_lossless() {
        // Interlaced or 16-bit PNGs cannot be passed through; a 16-bit "screenshot".
        let img = image::ImageBuffer::<image::Rgb<u16>, _>::from_fn(2000, 500, |x, y| {
            if (x / 40 + y / 40) % 2 == 0 {
                image::Rgb([65535, 65535, 65535])
            } else {
                image::Rgb([0, 0, 20000])
            }
        });
        let p = prepare(&write(DynamicImage::ImageRgb16(img), ImageFormat::Png)).unwrap();
        assert_eq!((p.width, p.height, p.encoding), (1600, 400, Encoding::PngFlate));
        let rgb = pixels(&p).to_rgb8();
        assert_eq!(rgb.get_pixel(0, 0).0, [255, 255, 255]);
        assert_eq!(rgb.get_pixel(50, 0).0, [0, 0, 78]);
    }

    #[test]
    fn very_large_images_use_area_averaging() {
        let p = prepare(&png(4000, 1000, false)).unwrap();
        assert_eq!((p.width, p.height), (1600, 400));
    }

    #[test]
    fn flat_share_tells_screenshots_from_photos() {
        let flat = vec![7u8; 30 * 20 * 3];
        assert_eq!(flat_share(&flat, 30, 3), 1.0);
        let ramp: Vec<u8> = (0..30 * 20).flat_map(|i| [i as u8, 0, 0]).collect();
        assert_eq!(flat_share(&ramp, 30, 3), 0.0);
    }

    #[test]
    fn prepare_all_keeps_order_and_results() {
        let inputs = [png(20, 10, false), b"nope".to_vec(), jpeg(30, 40), png(5, 5, true)];
        let refs: Vec<&[u8]> = inputs.iter().map(Vec::as_slice).collect();
        let all = prepare_all(&refs);
        let sizes: Vec<_> = all.iter().map(|r| r.as_ref().map(|p| (p.width, p.height)).ok()).collect();
        assert_eq!(sizes, [Some((20, 10)), None, Some((30, 40)), Some((5, 5))]);
        for (a, b) in all.iter().zip(refs.iter().map(|b| prepare(b))) {
            match (a, b) {
                (Ok(a), Ok(b)) => assert!(a.data == b.data),
                (Err(a), Err(b)) => assert_eq!(a, &b),
                _ => panic!("parallel and serial results differ"),
            }
        }
    }

    #[test]
    fn png_rows_are_checked_without_undoing_the_filters() {
        let good = png(40, 30, false);
        let p = png::passthrough(&good).expect("passthrough candidate");
        assert!(rows_are_sound(&p));
        assert!(matches!(prepare(&good).map(|p| p.encoding), Ok(Encoding::PngFlate)));
        // A row too few: the stream is sound but short.
        let mut short = png::passthrough(&good).expect("candidate");
        short.height += 1;
        assert!(!rows_are_sound(&short));
        // Damaged compressed data: refused, never embedded as it is.
        let mut bad = good.clone();
        let idat = bad.windows(4).position(|w| w == b"IDAT").expect("IDAT") + 12;
        bad[idat] ^= 0x5a;
        assert!(png::passthrough(&bad).is_none_or(|p| !rows_are_sound(&p)));
        assert!(prepare(&bad).is_err(), "a damaged PNG becomes a line in the report");
    }

    #[test]
    fn corrupt_input_is_an_error_not_a_panic() {
        assert!(prepare(b"").is_err());
        assert!(prepare(b"definitely not an image").is_err());
        let mut truncated = png(50, 50, false);
        truncated.truncate(truncated.len() / 2);
        assert_eq!(prepare(&truncated).unwrap_err(), "the PNG data is damaged or incomplete");
        assert!(prepare(b"\x89PNG\r\n\x1a\nthis is not really a png").is_err());
        let mut jpg = jpeg(50, 50);
        jpg.truncate(200);
        assert!(prepare(&jpg).is_err());
        assert!(prepare(b"\xFF\xD8\xFF\xE0 not a jpeg").is_err());
        // GIF is not among the formats we embed.
        assert_eq!(prepare(b"GIF89a\x01\x00\x01\x00").unwrap_err(), "not a PNG or JPEG image");
    }
}
