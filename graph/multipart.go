package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"github.com/onegraph/server/apperr"
	"github.com/onegraph/server/auth"
)

// multipartForm serves the GraphQL multipart request spec
// (github.com/jaydenseric/graphql-multipart-request-spec) within limits
// gqlgen's transport.MultipartForm does not have: only a signed-in caller
// may upload, so an anonymous one is refused before its body is read; the
// operations and map fields are bounded like a JSON body (maxJSON), and
// each file as it streams (maxFile). Files are kept in memory, so a request
// holds at most what the server's body limit lets in.
type multipartForm struct {
	maxJSON, maxFile int64
}

func (multipartForm) Supports(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "multipart/form-data" && r.Method == http.MethodPost && r.Header.Get("Upgrade") == ""
}

func (f multipartForm) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	if auth.FromContext(r.Context()) == nil {
		writeAppError(w, r, http.StatusUnauthorized, apperr.New(apperr.Unauthenticated, "", "sign in first: only signed-in accounts upload"))
		return
	}
	start := graphql.Now()
	params, err := f.read(r)
	if err != nil {
		e, ok := apperr.As(err)
		if !ok {
			e = apperr.Invalidf("bad multipart request: %v", err)
		}
		status := http.StatusBadRequest
		if e.Reason == apperr.ReasonTooLarge {
			status = http.StatusRequestEntityTooLarge
		}
		writeAppError(w, r, status, e)
		return
	}
	// The spec's answers are application/json whatever the Accept header.
	execute(w, r, exec, params, start, "application/json")
}

// read reads the operations, the map and then the files, in the spec's
// order, refusing a part over its limit as soon as it passes it.
func (f multipartForm) read(r *http.Request) (*graphql.RawParams, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, err
	}
	params := &graphql.RawParams{}
	files := map[string][]string{}
	for i, field := range []struct {
		name string
		into any
	}{{"operations", params}, {"map", &files}} {
		part, err := mr.NextPart()
		if err != nil || part.FormName() != field.name {
			return nil, fmt.Errorf("part %d must be %s", i+1, field.name)
		}
		data, err := readAtMost(part, f.maxJSON, "the %s field is larger than %d bytes", field.name, f.maxJSON)
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(field.into); err != nil {
			return nil, fmt.Errorf("the %s field is not JSON: %w", field.name, err)
		}
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		key := part.FormName()
		paths := files[key]
		if len(paths) == 0 {
			return nil, fmt.Errorf("the map names no variable for file %q", key)
		}
		delete(files, key)
		data, err := readAtMost(part, f.maxFile, "the file is larger than %d MiB", f.maxFile>>20)
		if err != nil {
			return nil, err
		}
		for _, path := range paths {
			upload := graphql.Upload{File: bytes.NewReader(data), Size: int64(len(data)),
				Filename: part.FileName(), ContentType: part.Header.Get("Content-Type")}
			if err := params.AddUpload(upload, key, path); err != nil {
				return nil, err
			}
		}
	}
	if len(files) > 0 {
		return nil, fmt.Errorf("the map names files the request does not carry: %q", slices.Sorted(maps.Keys(files)))
	}
	return params, nil
}

// readAtMost reads r whole unless it is longer than limit (or than the
// server's body limit), which it refuses as TOO_LARGE having read no more
// than one byte past it.
func readAtMost(r io.Reader, limit int64, format string, args ...any) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if tooBig := new(http.MaxBytesError); errors.As(err, &tooBig) {
		return nil, apperr.New(apperr.InvalidInput, apperr.ReasonTooLarge, "the request is larger than %d bytes", tooBig.Limit)
	}
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, apperr.New(apperr.InvalidInput, apperr.ReasonTooLarge, format, args...)
	}
	return data, nil
}
