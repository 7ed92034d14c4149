//! Saving files from the page: text as a download, and an SVG chart rasterised to PNG.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn click_link(href: &str, name: &str) -> Option<()> {
    let doc = web_sys::window()?.document()?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(href);
    a.set_download(name);
    a.click();
    Some(())
}

/// Offers `text` as a file called `name`.
pub fn download_text(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    click_link(&url, name);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Offers an SVG chart as a PNG of the same size, drawn on white.
pub fn download_png(name: &str, svg: &str, width: u32, height: u32) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(img) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let Ok(canvas) = doc
        .create_element("canvas")
        .map(|c| c.unchecked_into::<web_sys::HtmlCanvasElement>())
    else {
        return;
    };
    canvas.set_width(width);
    canvas.set_height(height);
    let name = name.to_string();
    let (img2, canvas2) = (img.clone(), canvas.clone());
    let onload = Closure::once_into_js(move || {
        let Ok(Some(ctx)) = canvas2.get_context("2d") else {
            return;
        };
        let ctx: web_sys::CanvasRenderingContext2d = ctx.unchecked_into();
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, width as f64, height as f64);
        let _ = ctx.draw_image_with_html_image_element(&img2, 0.0, 0.0);
        if let Ok(url) = canvas2.to_data_url_with_type("image/png") {
            click_link(&url, &name);
        }
    });
    img.set_onload(Some(onload.unchecked_ref()));
    // A data: URL keeps the image same-origin, so the canvas is not tainted.
    let encoded = js_sys::encode_uri_component(svg);
    img.set_src(&format!("data:image/svg+xml;charset=utf-8,{encoded}"));
}
