//! Generated WIT bindings, kept in one place so generated types stop at the dispatch layer.
#![allow(missing_docs)]

wit_bindgen::generate!({
    path: "wit",
    world: "okta-connector",
    generate_all,
    pub_export_macro: true,
});
