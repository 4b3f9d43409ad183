package report

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"unicode"
)

// HTML writes the report as one self-contained HTML page: the Markdown
// report converted element by element (so both formats have the same
// content in the same order), with every figure's SVG inlined where the
// Markdown links to its file, an inline style sheet for screen and print,
// and no scripts, fonts or references outside the page.
func HTML(w io.Writer, r *Run, sections []Section) error {
	var md bytes.Buffer
	if err := Markdown(&md, r, sections); err != nil {
		return err
	}
	figs := map[string]Figure{}
	for _, f := range Figures(r) {
		figs[f.File] = f
	}
	var body bytes.Buffer
	title, err := markdownToHTML(&body, md.String(), figs)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="bleedrisk %s">
<title>%s</title>
<style>
%s</style>
</head>
<body>
<main>
`, html.EscapeString(r.Manifest.Version), html.EscapeString(title), css)
	w.Write(body.Bytes())
	_, err = io.WriteString(w, "</main>\n</body>\n</html>\n")
	return err
}

const css = `:root { color-scheme: light; }
html { font-size: 15px; }
body { margin: 0; background: #f4f5f7; color: #1d1f23; font-family: ` + fontStack + `; line-height: 1.5; }
main { max-width: 1120px; margin: 0 auto; padding: 2.2rem 2.6rem 3rem; background: #fff; box-shadow: 0 0 0 1px #e2e4e8; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 .6rem; letter-spacing: -.01em; }
h2 { font-size: 1.35rem; margin: 2.4rem 0 .8rem; padding-bottom: .3rem; border-bottom: 2px solid #1f4e79; color: #1f4e79; }
h3 { font-size: 1.1rem; margin: 1.8rem 0 .6rem; color: #2b2f36; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
p, li { max-width: 62rem; }
p.lead { color: #4a4f57; margin-top: 0; }
ul { padding-left: 1.4rem; }
li { margin: .15rem 0; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: .86em; background: #f1f3f5; padding: .05em .3em; border-radius: 3px; overflow-wrap: anywhere; }
a { color: #1f5fa8; text-decoration: none; }
a:hover { text-decoration: underline; }
.table-wrap { overflow-x: auto; margin: .8rem 0 1.2rem; }
table { border-collapse: collapse; font-size: .86rem; font-variant-numeric: tabular-nums; }
th, td { padding: .3rem .6rem; border-bottom: 1px solid #e2e4e8; vertical-align: top; }
th { background: #f1f3f6; text-align: left; font-weight: 600; border-bottom: 2px solid #c9ced6; }
th.r { text-align: right; }
td.r { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
p.warning { border-left: 4px solid #c0392b; background: #fdf2f1; padding: .5rem .8rem; }
nav.toc ol { columns: 2; padding-left: 1.4rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: .8rem 1.2rem; margin: 1rem 0; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; border: 1px solid #eceef1; }
@media print {
  @page { size: A4; margin: 16mm 13mm; }
  html { font-size: 10pt; }
  body { background: #fff; }
  main { max-width: none; padding: 0; box-shadow: none; }
  h2 { break-before: page; page-break-before: always; margin-top: 0; }
  h2.first { break-before: auto; page-break-before: auto; }
  table { font-size: 8pt; }
  .table-wrap { overflow: visible; }
  thead { display: table-header-group; }
  tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  .figures { grid-template-columns: 1fr 1fr; }
  a { color: inherit; }
  tbody tr:nth-child(even) { background: none; }
}
`

var (
	imageLine = regexp.MustCompile(`^!\[([^\]]*)\]\(([^)\s]+)\)$`)
	linkRE    = regexp.MustCompile(`\[([^\]]+)\]\((#[^)\s]*)\)`)
	boldRE    = regexp.MustCompile(`\*\*(.+?)\*\*`)
)

// markdownToHTML converts the subset of Markdown the sections write:
// headings, paragraphs, "- " lists nested by two spaces, pipe tables with
// an alignment row, image paragraphs (figures, inlined from figs), and
// inline code, bold and in-page links. It returns the first heading's text.
// Anything else is written as escaped text, never as markup.
func markdownToHTML(w *bytes.Buffer, md string, figs map[string]Figure) (title string, err error) {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(md))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	slugs := map[string]int{}
	h2s := 0
	for i := 0; i < len(lines); {
		line := lines[i]
		switch {
		case strings.TrimSpace(line) == "":
			i++
		case strings.HasPrefix(line, "#"):
			level := len(line) - len(strings.TrimLeft(line, "#"))
			text := strings.TrimSpace(line[level:])
			id := slug(text, slugs)
			class := ""
			if level == 1 && title == "" {
				title = text
			}
			if level == 2 {
				if h2s == 0 {
					class = ` class="first"`
				}
				h2s++
			}
			fmt.Fprintf(w, "<h%d id=\"%s\"%s>%s</h%d>\n", level, id, class, inline(text), level)
			i++
		case strings.HasPrefix(line, "|"):
			j := i
			for j < len(lines) && strings.HasPrefix(lines[j], "|") {
				j++
			}
			writeTable(w, lines[i:j])
			i = j
		case strings.HasPrefix(strings.TrimLeft(line, " "), "- "):
			j := i
			for j < len(lines) && (strings.HasPrefix(strings.TrimLeft(lines[j], " "), "- ") || strings.HasPrefix(lines[j], "    ")) {
				j++
			}
			writeList(w, lines[i:j])
			i = j
		case imageLine.MatchString(line):
			w.WriteString("<div class=\"figures\">\n")
			for ; i < len(lines) && (imageLine.MatchString(lines[i]) || strings.TrimSpace(lines[i]) == "" && i+1 < len(lines) && imageLine.MatchString(lines[i+1])); i++ {
				m := imageLine.FindStringSubmatch(lines[i])
				if m == nil {
					continue
				}
				f, ok := figs[m[2]]
				if !ok {
					return "", fmt.Errorf("report: the Markdown refers to %s, which is not a figure of this report", m[2])
				}
				fmt.Fprintf(w, "<figure aria-label=\"%s\">\n%s</figure>\n", html.EscapeString(m[1]), inlineSVG(f.SVG))
			}
			w.WriteString("</div>\n")
		default:
			j := i
			var para []string
			for j < len(lines) && strings.TrimSpace(lines[j]) != "" && !strings.HasPrefix(lines[j], "#") && !strings.HasPrefix(lines[j], "|") &&
				!strings.HasPrefix(strings.TrimLeft(lines[j], " "), "- ") && !imageLine.MatchString(lines[j]) {
				para = append(para, lines[j])
				j++
			}
			text := strings.Join(para, " ")
			class := ""
			if strings.HasPrefix(text, "**Warning") {
				class = ` class="warning"`
			} else if h2s == 0 {
				class = ` class="lead"`
			}
			fmt.Fprintf(w, "<p%s>%s</p>\n", class, inline(text))
			i = j
		}
	}
	return title, nil
}

// inlineSVG prepares a figure's SVG for inlining: the XML namespace
// declaration is implied in HTML, so it is dropped (the page then holds
// no URL of any kind).
func inlineSVG(b []byte) string {
	return strings.Replace(string(b), ` xmlns="http://www.w3.org/2000/svg"`, "", 1)
}

func writeTable(w *bytes.Buffer, rows []string) {
	split := func(s string) []string {
		s = strings.TrimSpace(s)
		s = strings.TrimPrefix(s, "|")
		s = strings.TrimSuffix(s, "|")
		cells := strings.Split(s, "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		return cells
	}
	head := split(rows[0])
	var align []string
	body := rows[1:]
	if len(body) > 0 && strings.Trim(body[0], "|-: ") == "" {
		for _, a := range split(body[0]) {
			if strings.HasSuffix(a, ":") {
				align = append(align, ` class="r"`)
			} else {
				align = append(align, "")
			}
		}
		body = body[1:]
	}
	al := func(i int) string {
		if i < len(align) {
			return align[i]
		}
		return ""
	}
	w.WriteString("<div class=\"table-wrap\"><table>\n<thead><tr>")
	for i, c := range head {
		fmt.Fprintf(w, "<th%s>%s</th>", al(i), inline(c))
	}
	w.WriteString("</tr></thead>\n<tbody>\n")
	for _, row := range body {
		w.WriteString("<tr>")
		for i, c := range split(row) {
			fmt.Fprintf(w, "<td%s>%s</td>", al(i), inline(c))
		}
		w.WriteString("</tr>\n")
	}
	w.WriteString("</tbody></table></div>\n")
}

// writeList writes "- " items; two more leading spaces nest one level.
func writeList(w *bytes.Buffer, lines []string) {
	depth := -1
	for _, l := range lines {
		trimmed := strings.TrimLeft(l, " ")
		if !strings.HasPrefix(trimmed, "- ") {
			continue
		}
		d := (len(l) - len(trimmed)) / 2
		switch {
		case d > depth:
			for ; depth < d; depth++ {
				w.WriteString("<ul>\n")
			}
		case d < depth:
			for ; depth > d; depth-- {
				w.WriteString("</li>\n</ul>\n")
			}
			w.WriteString("</li>\n")
		default:
			w.WriteString("</li>\n")
		}
		w.WriteString("<li>" + inline(trimmed[2:]))
	}
	for ; depth >= 0; depth-- {
		w.WriteString("</li>\n</ul>\n")
	}
}

// inline escapes text and turns `code`, **bold** and [text](#anchor) into
// markup. Code spans are left verbatim (escaped).
func inline(s string) string {
	var b strings.Builder
	parts := strings.Split(s, "`")
	for i, p := range parts {
		if i%2 == 1 && i < len(parts)-1 {
			b.WriteString("<code>" + html.EscapeString(p) + "</code>")
			continue
		}
		if i%2 == 1 { // an unmatched backtick
			b.WriteString("`")
		}
		e := html.EscapeString(p)
		e = boldRE.ReplaceAllString(e, "<strong>$1</strong>")
		e = linkRE.ReplaceAllString(e, `<a href="$2">$1</a>`)
		b.WriteString(e)
	}
	return b.String()
}

// slug makes a heading id as GitHub does for Markdown headings (lower case;
// letters, digits, '-' and '_' kept; spaces become '-'; others dropped;
// repeats get -1, -2, ...), so in-page links work in both formats.
func slug(text string, seen map[string]int) string {
	text = boldRE.ReplaceAllString(text, "$1")
	var b strings.Builder
	for _, c := range strings.ToLower(text) {
		switch {
		case c == ' ':
			b.WriteByte('-')
		case c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c > 127 && (unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c)):
			b.WriteRune(c)
		}
	}
	s := b.String()
	if n := seen[s]; n > 0 {
		seen[s]++
		return fmt.Sprintf("%s-%d", s, n)
	}
	seen[s] = 1
	return s
}
