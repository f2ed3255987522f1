/// The landing page template qrbuild ships; `templates/landing.mustache` beside a manifest
/// replaces it. This text equals the repository's `templates/landing.mustache` (a test checks).
enum DefaultTemplates {
    static let landing = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
{{#action}}<meta http-equiv="refresh" content="0; url={{action}}">{{/action}}
<title>{{title}}</title>
<style>
  body { margin: 0; font: 18px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f6f6f4; }
  main { max-width: 28rem; margin: 0 auto; padding: 3rem 1.25rem; text-align: center; }
  h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
  p { margin: 0 0 1.5rem; overflow-wrap: anywhere; white-space: pre-wrap; }
  a.action { display: block; padding: .9rem 1rem; margin: 0 0 .75rem; border-radius: .6rem; background: #1b4332; color: #fff; text-decoration: none; font-weight: 600; }
  a.secondary { color: #1b4332; }
</style>
</head>
<body>
<main>
<h1>{{heading}}</h1>
{{#detail}}<p>{{detail}}</p>{{/detail}}
{{#action}}<a class="action" href="{{action}}">{{actionLabel}}</a>{{/action}}
{{#secondary}}<a class="secondary" href="{{secondary}}">{{secondaryLabel}}</a>{{/secondary}}
</main>
</body>
</html>

"""#
}
