package report

import "bytes"

// Link is one page on the index.
type Link struct {
	Href  string // relative to the index, e.g. "roi/index.html"
	Title string
	About string
}

// Index renders the small page that links the published dashboards.
func Index(links []Link) ([]byte, error) {
	t, err := parsePage((&data{}).funcs(), source{"index.html", mustAsset("index.html")})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", links); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// PageLink describes a published dashboard for the index, by report name.
func PageLink(name string) Link {
	switch name {
	case "value":
		return Link{Href: "value/index.html", Title: "Wallet value dashboard", About: "30-day network value, WALTV by window, funnel, CPA payback, PoX yield, distribution and cohorts."}
	case "roi":
		return Link{Href: "roi/index.html", Title: "ROI one-pager", About: "Expected NV-180 and breakeven CPA, active base, funded retention, averages and payback vs CAC."}
	}
	return Link{Href: name + "/index.html", Title: name}
}
