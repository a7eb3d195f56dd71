package docgen

import "strings"

// The fixed parts of the package. Only document.xml and core.xml depend on the
// document; the rest are the same for every file.

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

const contentTypes = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
	`<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const relNS = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`

const packageRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="` + relNS + `officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + relNS + `extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const documentRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rIdStyles" Type="` + relNS + `styles" Target="styles.xml"/>` +
	`<Relationship Id="rIdSettings" Type="` + relNS + `settings" Target="settings.xml"/>` +
	`<Relationship Id="rIdFontTable" Type="` + relNS + `fontTable" Target="fontTable.xml"/>` +
	`<Relationship Id="rIdTheme" Type="` + relNS + `theme" Target="theme/theme1.xml"/>` +
	`<Relationship Id="rIdHeaderDefault" Type="` + relNS + `header" Target="header1.xml"/>` +
	`<Relationship Id="rIdHeaderFirst" Type="` + relNS + `header" Target="header2.xml"/>` +
	`<Relationship Id="rIdFooterFirst" Type="` + relNS + `footer" Target="footer1.xml"/>` +
	`</Relationships>`

const appProps = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
	`<Application>thidua</Application></Properties>`

// coreProps names the file in the office suite's properties dialog.
func coreProps(d *Document) string {
	var w xw
	w.raw(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`)
	w.text(strings.TrimSpace(d.title() + " " + strings.ReplaceAll(d.Summary, "\n", " ")))
	w.raw("</dc:title><dc:creator>")
	w.text(d.Issuer.Agency)
	w.raw("</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>")
	return w.String()
}

// fonts is the rFonts element naming Times New Roman for every script, so neither
// Word (which picks eastAsia or cs for some Vietnamese characters) nor LibreOffice
// falls back to a theme or a default font.
const fonts = `<w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `" w:eastAsia="` + font + `" w:cs="` + font + `"/>`

const stylesXML = xmlHeader + `<w:styles ` + wordNS + `>` +
	`<w:docDefaults><w:rPrDefault><w:rPr>` + fonts +
	`<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>` +
	`</w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>` +
	`</w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>` +
	`<w:rPr>` + fonts + `<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +
	`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>` +
	`<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>` +
	`<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
	`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>` +
	`<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>` +
	`<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
	`</w:styles>`

// doNotExpandShiftReturn keeps a justified line that ends in a line break from
// being stretched across the page, in Word and in LibreOffice.
const settingsXML = xmlHeader + `<w:settings ` + wordNS + `>` +
	`<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>` +
	`<w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:compat><w:doNotExpandShiftReturn/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`<w:themeFontLang w:val="vi-VN"/>` +
	`<w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>` +
	`</w:settings>`

const fontTableXML = xmlHeader + `<w:fonts ` + wordNS + `>` +
	`<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>` +
	`<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>`

// themeXML is a minimal theme whose major and minor fonts are Times New Roman, so
// text that follows the theme (Word's "+Body" font) is Times New Roman too.
var themeXML = xmlHeader + `<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Thidua">` +
	`<a:themeElements><a:clrScheme name="Office">` +
	`<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>` +
	`<a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>` +
	`<a:accent1><a:srgbClr val="4472C4"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2>` +
	`<a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4>` +
	`<a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6>` +
	`<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink>` +
	`</a:clrScheme><a:fontScheme name="Times New Roman">` +
	`<a:majorFont><a:latin typeface="Times New Roman"/><a:ea typeface="Times New Roman"/><a:cs typeface="Times New Roman"/></a:majorFont>` +
	`<a:minorFont><a:latin typeface="Times New Roman"/><a:ea typeface="Times New Roman"/><a:cs typeface="Times New Roman"/></a:minorFont>` +
	`</a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst>` + threeFills + `</a:fillStyleLst>` +
	`<a:lnStyleLst>` + strings.Repeat(`<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>`, 3) + `</a:lnStyleLst>` +
	`<a:effectStyleLst>` + strings.Repeat(`<a:effectStyle><a:effectLst/></a:effectStyle>`, 3) + `</a:effectStyleLst>` +
	`<a:bgFillStyleLst>` + threeFills + `</a:bgFillStyleLst></a:fmtScheme></a:themeElements>` +
	`<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>`

var threeFills = strings.Repeat(`<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>`, 3)

// headerWithPageNumber is the header of pages 2 and on: the page number, centred
// in the top margin, upright, size 14 (Decree 30).
var headerWithPageNumber = func() string {
	var w xw
	w.raw(xmlHeader + `<w:hdr ` + wordNS + `><w:p>`)
	w.pPr(pPr{align: "center"})
	for _, part := range []string{
		`<w:fldChar w:fldCharType="begin"/>`,
		`<w:instrText xml:space="preserve"> PAGE </w:instrText>`,
		`<w:fldChar w:fldCharType="separate"/>`,
		`<w:t>2</w:t>`,
		`<w:fldChar w:fldCharType="end"/>`,
	} {
		w.raw("<w:r>")
		w.rPr(rPr{})
		w.raw(part + "</w:r>")
	}
	w.raw(`</w:p></w:hdr>`)
	return w.String()
}()

// The first page's header and footer: present and empty, so page 1 shows no number.
const (
	emptyHeader = xmlHeader + `<w:hdr ` + wordNS + `><w:p/></w:hdr>`
	emptyFooter = xmlHeader + `<w:ftr ` + wordNS + `><w:p/></w:ftr>`
)
