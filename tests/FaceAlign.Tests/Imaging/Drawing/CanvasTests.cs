using System.Numerics;
using FaceAlign.Geometry;
using FaceAlign.Imaging;
using FaceAlign.Imaging.Drawing;

namespace FaceAlign.Tests.Imaging.Drawing;

public class CanvasTests
{
    private static (Image Image, Canvas Canvas) Black(int w, int h, PixelFormat format = PixelFormat.Rgb8)
    {
        var image = new Image(w, h, format);
        if (format == PixelFormat.Rgba8)
            for (int i = 3; i < image.Pixels.Length; i += 4)
                image.Pixels[i] = 255;
        return (image, new Canvas(image));
    }

    private static byte Red(Image image, int x, int y) => image.Pixels[(y * image.Width + x) * image.Channels];

    private static double DistanceToSegment(Vector2 p, Vector2 a, Vector2 b)
    {
        var d = b - a;
        float t = Math.Clamp(Vector2.Dot(p - a, d) / d.LengthSquared(), 0, 1);
        return Vector2.Distance(p, a + t * d);
    }

    [Theory]
    [InlineData(5.3f, 7.1f, 52.8f, 31.4f, 3f)]
    [InlineData(10f, 40f, 50f, 40f, 1f)]
    [InlineData(30f, 2f, 31f, 45f, 4.5f)]
    public void Line_pixels_lie_near_the_segment_and_its_middle_is_fully_painted(float x0, float y0, float x1, float y1, float width)
    {
        var (image, canvas) = Black(64, 48);
        Vector2 a = new(x0, y0), b = new(x1, y1);
        canvas.DrawLine(a, b, width, Color.White);
        int partial = 0;
        for (int y = 0; y < 48; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                byte v = Red(image, x, y);
                double d = DistanceToSegment(new Vector2(x + 0.5f, y + 0.5f), a, b);
                if (v > 0)
                    Assert.True(d <= width / 2 + 1, $"({x},{y}) painted {v} at distance {d}");
                if (d <= width / 2 - 0.5)
                    Assert.Equal(255, v);
                if (v is > 0 and < 255)
                    partial++;
            }
        }
        Assert.True(partial > 0, "anti-aliased edges should have partially covered pixels");
    }

    [Fact]
    public void Circle_is_solid_inside_partial_on_the_rim_and_empty_outside()
    {
        var (image, canvas) = Black(40, 40);
        var center = new Vector2(20.3f, 18.7f);
        canvas.FillCircle(center, 6f, Color.White);
        int partial = 0;
        for (int y = 0; y < 40; y++)
            for (int x = 0; x < 40; x++)
            {
                double d = Vector2.Distance(new Vector2(x + 0.5f, y + 0.5f), center);
                byte v = Red(image, x, y);
                if (d <= 5.5) Assert.Equal(255, v);
                if (d >= 6.5) Assert.Equal(0, v);
                if (v is > 0 and < 255) partial++;
            }
        Assert.True(partial > 10);
    }

    [Fact]
    public void Drawing_at_the_right_edge_does_not_wrap_into_the_next_row()
    {
        var (image, canvas) = Black(20, 20);
        canvas.FillCircle(new Vector2(20, 10), 5, Color.White);
        canvas.DrawLine(new Vector2(19.9f, 0), new Vector2(19.9f, 20), 4, Color.White);
        canvas.DrawText("WWWW", new Vector2(17, 2), Color.White, 2, Color.Blue);
        canvas.DrawRectangle(new Box(18, 5, 30, 5), 2, Color.White);
        for (int y = 0; y < 20; y++)
            for (int x = 0; x < 10; x++)
                Assert.Equal(0, Red(image, x, y));
    }

    [Fact]
    public void Far_away_and_non_finite_coordinates_do_not_throw()
    {
        var (image, canvas) = Black(30, 20);
        canvas.DrawLine(new Vector2(-1e9f, -1e9f), new Vector2(1e9f, 1e9f), 2, Color.White);
        canvas.FillCircle(new Vector2(1e30f, 5), 3, Color.White);
        canvas.FillCircle(new Vector2(5, 5), float.PositiveInfinity, Color.White);
        canvas.DrawLine(new Vector2(float.NaN, 0), new Vector2(3, 3), 2, Color.White);
        canvas.DrawPolyline([new(-5e8f, 3), new(5e8f, 4), new(0, 1e9f)], 1, Color.White, closed: true);
        canvas.DrawRectangle(new Box(-1e20f, -1e20f, 2e20f, 2e20f), 1e10f, Color.White);
        canvas.DrawText("far", new Vector2(-1e9f, 1e9f), Color.White, 3, Color.Red);
        canvas.DrawText("nan", new Vector2(float.NaN, 0), Color.White);
        // The giant diagonal still crosses the image along y = x.
        Assert.Equal(255, Red(image, 10, 10));
    }

    [Fact]
    public void Rectangle_outline_at_integer_coordinates_is_exact()
    {
        var (image, canvas) = Black(20, 20);
        canvas.DrawRectangle(new Box(3, 4, 10, 8), 2, Color.White);
        for (int y = 0; y < 20; y++)
            for (int x = 0; x < 20; x++)
            {
                bool inOuter = x >= 3 && x < 13 && y >= 4 && y < 12;
                bool inInner = x >= 5 && x < 11 && y >= 6 && y < 10;
                Assert.Equal(inOuter && !inInner ? 255 : 0, Red(image, x, y));
            }
    }

    [Fact]
    public void Fractional_rectangle_edges_get_area_coverage()
    {
        var (image, canvas) = Black(10, 10);
        canvas.FillRectangle(new Box(2.5f, 2f, 3f, 1f), Color.White);
        // Column 2 is half covered, 3 and 4 fully, 5 half.
        Assert.Equal(new byte[] { 0, 0, 128, 255, 255, 128, 0 }, Enumerable.Range(0, 7).Select(x => Red(image, x, 2)).ToArray());
    }

    [Fact]
    public void Translucent_colour_blends_and_polyline_joints_are_painted_once()
    {
        var (image, canvas) = Black(30, 30);
        var half = Color.White.WithAlpha(128);
        canvas.DrawPolyline([new(5, 5), new(25, 5), new(25, 25)], 3, half);
        // On the stroke, including the joint at (25, 5): 128 over black, not 128 applied twice (192).
        Assert.Equal(128, Red(image, 15, 5));
        Assert.Equal(128, Red(image, 24, 5));
        Assert.Equal(128, Red(image, 24, 15));
    }

    [Fact]
    public void Over_compositing_onto_transparent_rgba_keeps_the_colour()
    {
        var image = new Image(4, 4, PixelFormat.Rgba8);
        var canvas = new Canvas(image);
        canvas.FillRectangle(new Box(0, 0, 4, 4), new Color(200, 100, 50, 128));
        Assert.Equal([200, 100, 50, 128], image.Pixels.AsSpan(0, 4).ToArray());
        canvas.FillRectangle(new Box(0, 0, 4, 4), new Color(0, 0, 0, 255));
        Assert.Equal([0, 0, 0, 255], image.Pixels.AsSpan(0, 4).ToArray());
    }

    [Fact]
    public void Text_ink_stays_inside_the_measured_box_and_background_fills_it()
    {
        var (image, canvas) = Black(80, 30);
        var (w, h) = Canvas.MeasureText("Hi 42!", 2);
        Assert.Equal(((6 * 6 - 1) * 2, 7 * 2), (w, h));
        canvas.DrawText("Hi 42!", new Vector2(10, 8), Color.White, 2);
        int ink = 0;
        for (int y = 0; y < 30; y++)
            for (int x = 0; x < 80; x++)
            {
                if (Red(image, x, y) == 0)
                    continue;
                ink++;
                Assert.InRange(x, 10, 10 + w - 1);
                Assert.InRange(y, 8, 8 + h - 1);
            }
        Assert.True(ink > 50);

        // 'H' (first glyph): column 0 is a full vertical bar, rows 0–6; at scale 2 that is x = 10–11, y = 8–21.
        for (int y = 8; y < 22; y++)
            Assert.Equal(255, Red(image, 10, y));
        // '-' is the single middle row (row 3) across the five columns.
        var (dash, canvasDash) = Black(8, 9);
        canvasDash.DrawText("-", Vector2.Zero, Color.White);
        for (int y = 0; y < 9; y++)
            for (int x = 0; x < 8; x++)
                Assert.Equal(y == 3 && x < 5 ? 255 : 0, Red(dash, x, y));
    }

    [Fact]
    public void Text_background_box_surrounds_the_glyphs()
    {
        var (image, canvas) = Black(40, 20);
        canvas.DrawText(".", new Vector2(5, 5), Color.White, 1, Color.Blue);
        // Box: 5 wide, 7 high plus 1-pixel margin → x 4–10, y 4–12; blue where there is no ink.
        Assert.Equal(255, image.Pixels[(4 * 40 + 4) * 3 + 2]);
        Assert.Equal(255, image.Pixels[(12 * 40 + 10) * 3 + 2]);
        Assert.Equal(0, image.Pixels[(13 * 40 + 10) * 3 + 2]);
        Assert.Equal(0, image.Pixels[(4 * 40 + 11) * 3 + 2]);
    }

    [Fact]
    public void Grey_images_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Canvas(new Image(2, 2, PixelFormat.Gray8)));
    }
}
