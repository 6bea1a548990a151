// Package server wires the catalog HTTP API, health and metrics endpoints.
package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/example/catalog/internal/catalog"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Server is the catalog HTTP handler.
type Server struct {
	cat      *catalog.Catalog
	draining atomic.Bool
	mux      *http.ServeMux
}

// New builds the routes for cat.
func New(cat *catalog.Catalog) *Server {
	s := &Server{cat: cat, mux: http.NewServeMux()}
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", promhttp.Handler())
	s.mux.HandleFunc("GET /v1/products", s.search)
	s.mux.HandleFunc("GET /v1/products/{sku}", s.get)
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Drain makes /readyz fail so the pod leaves the Service endpoints.
func (s *Server) Drain() { s.draining.Store(true) }

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	_, _ = w.Write([]byte("ok\n"))
}

func (s *Server) readyz(w http.ResponseWriter, _ *http.Request) {
	if s.draining.Load() || s.cat.Len() == 0 {
		http.Error(w, "not ready", http.StatusServiceUnavailable)
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	writeJSON(w, http.StatusOK, s.cat.Search(r.URL.Query().Get("q"), limit))
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	p, ok := s.cat.Get(r.PathValue("sku"))
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "product not found"})
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
