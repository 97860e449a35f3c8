package api

import (
	_ "embed"
	"net/http"

	"github.com/pressroomhq/pressroom/internal/web"
)

// openAPI is the OpenAPI 3.1 description of the API, written by hand. A
// test requests every path it documents and checks each response against
// it, and checks that every route of Register is in it, so it stays true.
//
//go:embed openapi.json
var openAPI []byte

func (a *API) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	if err := readParams(r).err(); err != nil {
		return err
	}
	web.Write(w, r, http.StatusOK, web.Page{ContentType: "application/json; charset=utf-8", Body: openAPI})
	return nil
}
