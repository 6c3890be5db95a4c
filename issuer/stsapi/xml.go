package stsapi

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strconv"
)

// XML namespaces of the two Query APIs.
const (
	stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"
	iamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/"
)

// element is one child of a …Result element. Elements are written in
// order, so responses have a stable layout.
type element struct {
	name  string
	value string
}

// writeResult writes <ActionResponse xmlns=…><ActionResult>…</ActionResult>
// <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></ActionResponse>,
// the shape of every awsQuery success response.
func writeResult(w http.ResponseWriter, namespace, action, requestID string, elements []element) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<" + action + "Response xmlns=\"" + namespace + "\">")
	b.WriteString("<" + action + "Result>")
	for _, e := range elements {
		b.WriteString("<" + e.name + ">")
		escapeText(&b, e.value)
		b.WriteString("</" + e.name + ">")
	}
	b.WriteString("</" + action + "Result>")
	b.WriteString("<ResponseMetadata><RequestId>")
	escapeText(&b, requestID)
	b.WriteString("</RequestId></ResponseMetadata>")
	b.WriteString("</" + action + "Response>")
	writeXML(w, http.StatusOK, requestID, b.Bytes())
}

// writeError writes the awsQuery error document:
// <ErrorResponse xmlns=…><Error><Type>Sender</Type><Code>…</Code>
// <Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>.
func writeError(w http.ResponseWriter, namespace, requestID string, e *Error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>")
	b.WriteString(e.errorType())
	b.WriteString("</Type><Code>")
	escapeText(&b, e.Code)
	b.WriteString("</Code><Message>")
	escapeText(&b, e.Message)
	b.WriteString("</Message></Error><RequestId>")
	escapeText(&b, requestID)
	b.WriteString("</RequestId></ErrorResponse>")
	writeXML(w, e.Status, requestID, b.Bytes())
}

func writeXML(w http.ResponseWriter, status int, requestID string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Amzn-Requestid", requestID)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
}

// escapeText writes s as XML character data. Tokens and ids are printable
// ASCII without markup characters, so they are copied without the
// byte-by-byte work of xml.EscapeText.
func escapeText(b *bytes.Buffer, s string) {
	if isPlainText(s) {
		b.WriteString(s)
		return
	}
	// EscapeText only fails when the writer does, and a bytes.Buffer does not.
	_ = xml.EscapeText(b, []byte(s))
}

func isPlainText(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&' || c == '\'' || c == '"' {
			return false
		}
	}
	return true
}
