"""Charts and timeline graphics, drawn as accessible inline SVG."""
