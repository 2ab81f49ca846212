"""Pure-Python core of Heritage Studio: model, storage, rules, validation. Never imports Qt."""
