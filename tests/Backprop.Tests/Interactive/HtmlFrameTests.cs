using Backprop.Demo.Tour;
using System.Net;
using System.Text.RegularExpressions;
using Backprop.Interactive;

namespace Backprop.Tests.Interactive;

public class HtmlFrameTests
{
    [Fact]
    public void A_page_shows_inline_in_a_sandboxed_frame_whose_srcdoc_gives_back_the_page_exactly()
    {
        const string Page = "<!doctype html><html><body><p title=\"a 'b' & c\">E_total = 0.298371109</p><script>let x = 1 < 2 && \"</iframe>\";</script></body></html>";

        string frame = HtmlText.Frame(Page, "One \"step\"");

        var tag = Regex.Match(frame, "^<iframe title=\"([^\"]*)\" sandbox=\"allow-scripts\" style=\"[^\"]*\" srcdoc=\"([^\"]*)\"></iframe>$");
        tag.Success.Should().BeTrue(frame);
        WebUtility.HtmlDecode(tag.Groups[2].Value).Should().Be(Page, "the attribute holds the page, every quote and bracket escaped");
        WebUtility.HtmlDecode(tag.Groups[1].Value).Should().Be("One \"step\"");
        frame.Should().NotContain("allow-same-origin", "the page's script cannot reach the notebook");
    }

    [Fact]
    public void A_trace_shows_the_explainer_page_of_its_step_inline_and_its_tables_folded_below()
    {
        var trace = StepTrace.Record(MazurTour.CreateNetwork(), MazurTour.Input, MazurTour.Target, new Sgd(0.5));

        string html = NotebookHtml.Render(trace);

        var frame = Regex.Match(html, "^<iframe [^>]*srcdoc=\"([^\"]*)\"></iframe><details>");
        frame.Success.Should().BeTrue("the page comes first, the tables folded after it");
        WebUtility.HtmlDecode(frame.Groups[1].Value).Should().Be(Backprop.Visualization.TraceHtml.Render(trace));
        html.Should().EndWith("</details>");
    }
}
