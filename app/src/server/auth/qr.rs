//! QR codes drawn on the server as SVG: the enrolment page shows the authenticator app its
//! `otpauth://` address without a third-party service seeing the secret and without a
//! script. qrcodegen makes the module grid; this module only draws it.

use qrcodegen::{QrCode, QrCodeEcc};

/// Light modules around the code that readers need to find it (the standard's quiet zone).
const QUIET: i32 = 4;

/// `text` as an SVG QR code (error correction M), one unit per module, black on white, for
/// the page to scale; `label` is what a screen reader says. `None` when the text does not
/// fit in a QR code at all (several kilobytes: never for an `otpauth://` address).
pub fn svg(text: &str, label: &str) -> Option<String> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let side = code.size() + 2 * QUIET;
    let mut path = String::new();
    for y in 0..code.size() {
        let mut x = 0;
        while x < code.size() {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            // A run of dark modules in one row is one rectangle: a third of the path's size.
            let start = x;
            while x < code.size() && code.get_module(x, y) {
                x += 1;
            }
            let run = x - start;
            path.push_str(&format!("M{} {}h{run}v1h-{run}z", start + QUIET, y + QUIET));
        }
    }
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" role="img" aria-label="{label}" shape-rendering="crispEdges"><rect width="{side}" height="{side}" fill="#fff"/><path fill="#000" d="{path}"/></svg>"##,
        label = html_escape::encode_double_quoted_attribute(label),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the drawing back: the dark rectangles of the path, painted at `scale` pixels per
    /// module onto a white image.
    fn rasterize(svg: &str, scale: usize) -> (usize, Vec<u8>) {
        let side: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .expect("a square viewBox");
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let width = side * scale;
        let mut pixels = vec![255u8; width * width];
        for rect in d.split('M').filter(|r| !r.is_empty()) {
            // "x yhRUNv1h-RUNz"
            let (x, rest) = rect.split_once(' ').unwrap();
            let (y, rest) = rest.split_once('h').unwrap();
            let run = rest.split('v').next().unwrap();
            let (x, y, run): (usize, usize, usize) =
                (x.parse().unwrap(), y.parse().unwrap(), run.parse().unwrap());
            for py in y * scale..(y + 1) * scale {
                for px in x * scale..(x + run) * scale {
                    pixels[py * width + px] = 0;
                }
            }
        }
        (width, pixels)
    }

    #[test]
    fn a_qr_reader_reads_the_drawing_back() {
        let address = "otpauth://totp/Koers:an%40praktijk.nl?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Koers&algorithm=SHA1&digits=6&period=30";
        let drawing = svg(address, "QR-code").expect("fits");
        let (width, pixels) = rasterize(&drawing, 4);
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(width, width, |x, y| pixels[y * width + x]);
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code in the drawing");
        let (_, read) = grids[0].decode().expect("a readable QR code");
        assert_eq!(read, address);
    }

    #[test]
    fn the_label_is_escaped_and_too_much_text_is_refused() {
        let drawing = svg("x", "Scan \"dit\" <nu>").unwrap();
        assert!(
            drawing.contains(r#"aria-label="Scan &quot;dit&quot; &lt;nu&gt;""#),
            "{drawing}"
        );
        assert!(!drawing.contains("<nu>"));
        assert_eq!(svg(&"x".repeat(8_000), "QR-code"), None);
    }
}
