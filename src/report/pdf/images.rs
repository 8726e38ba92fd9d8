//! Decoding evidence images (PNG/JPEG) into RGB pixels for embedding.

use std::io::Cursor;

use image::{
    imageops::FilterType, DynamicImage, GenericImageView, ImageError, ImageFormat, ImageReader,
    Limits,
};
use printpdf::{RawImage, RawImageData, RawImageFormat};

use super::style::IMAGE_MAX_PX;

/// A decoded image, ready to embed: 8-bit RGB, alpha flattened onto white, longest side at
/// most [`IMAGE_MAX_PX`].
#[derive(Debug, Clone)]
pub struct Decoded {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

impl Decoded {
    pub fn to_raw(&self) -> RawImage {
        RawImage {
            pixels: RawImageData::U8(self.rgb.clone()),
            width: self.width as usize,
            height: self.height as usize,
            data_format: RawImageFormat::RGB8,
            tag: Vec::new(),
        }
    }
}

/// Decodes `bytes`, or says why not (in words fit for the report).
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.is_empty() {
        return Err("the image file is empty".into());
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read the image: {e}"))?;
    if !matches!(reader.format(), Some(ImageFormat::Png | ImageFormat::Jpeg)) {
        return Err("not a PNG or JPEG image".into());
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let kind = match reader.format() {
        Some(ImageFormat::Png) => "PNG",
        Some(ImageFormat::Jpeg) => "JPEG",
        _ => "image",
    };
    let img = reader.decode().map_err(|e| match e {
        ImageError::Decoding(_) | ImageError::IoError(_) => {
            format!("the {kind} data is damaged or incomplete")
        }
        ImageError::Unsupported(_) => format!("this kind of {kind} is not supported"),
        ImageError::Limits(_) => "the image is too large".to_string(),
        other => format!("cannot decode the image ({other})"),
    })?;
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return Err("the image has no pixels".into());
    }
    let img = if w.max(h) > IMAGE_MAX_PX {
        let scale = IMAGE_MAX_PX as f64 / w.max(h) as f64;
        let nw = ((w as f64 * scale).round() as u32).clamp(1, IMAGE_MAX_PX);
        let nh = ((h as f64 * scale).round() as u32).clamp(1, IMAGE_MAX_PX);
        img.resize_exact(nw, nh, FilterType::CatmullRom)
    } else {
        img
    };
    Ok(flatten(img))
}

fn flatten(img: DynamicImage) -> Decoded {
    let (width, height) = img.dimensions();
    if !img.color().has_alpha() {
        return Decoded {
            width,
            height,
            rgb: img.to_rgb8().into_raw(),
        };
    }
    let rgba = img.to_rgba8();
    let mut rgb = Vec::with_capacity(width as usize * height as usize * 3);
    for px in rgba.pixels() {
        let [r, g, b, a] = px.0;
        let a = u32::from(a);
        for c in [r, g, b] {
            rgb.push(((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    Decoded { width, height, rgb }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn decodes_and_flattens_alpha_onto_white() {
        let d = decode(&png(4, 2, true)).unwrap();
        assert_eq!((d.width, d.height), (4, 2));
        assert_eq!(&d.rgb[0..3], &[255, 255, 255]); // transparent → white
        assert_eq!(&d.rgb[3..6], &[255, 0, 0]);
    }

    #[test]
    fn downscales_large_images() {
        let d = decode(&png(2000, 500, false)).unwrap();
        assert_eq!(d.width, 1600);
        assert_eq!(d.height, 400);
        assert_eq!(d.rgb.len(), 1600 * 400 * 3);
    }

    #[test]
    fn decodes_jpeg() {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
            30,
            20,
            image::Rgb([10, 200, 30]),
        ));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        let d = decode(&out.into_inner()).unwrap();
        assert_eq!((d.width, d.height, d.rgb.len()), (30, 20, 30 * 20 * 3));
    }

    #[test]
    fn corrupt_input_is_an_error_not_a_panic() {
        assert!(decode(b"").is_err());
        assert!(decode(b"definitely not an image").is_err());
        let mut truncated = png(50, 50, false);
        truncated.truncate(truncated.len() / 2);
        assert_eq!(
            decode(&truncated).unwrap_err(),
            "the PNG data is damaged or incomplete"
        );
        // GIF is not among the formats we embed.
        assert!(decode(b"GIF89a\x01\x00\x01\x00").is_err());
    }
}
