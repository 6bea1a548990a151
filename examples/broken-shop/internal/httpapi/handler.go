// Package httpapi is the orders HTTP API.
package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/example/shop/orders/internal/store"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var requests = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "orders_http_requests_total",
	Help: "HTTP requests by route and status code.",
}, []string{"route", "code"})

// Orders is the subset of the store used by the API.
type Orders interface {
	Get(ctx context.Context, id int64) (store.Order, error)
	Create(ctx context.Context, o store.Order) (store.Order, error)
}

// Handler serves /v1/orders.
type Handler struct {
	orders Orders
	log    *slog.Logger
}

// New returns a Handler backed by orders.
func New(orders Orders, log *slog.Logger) *Handler {
	return &Handler{orders: orders, log: log}
}

// Register adds the API routes to mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /v1/orders/{id}", h.get)
	mux.HandleFunc("POST /v1/orders", h.create)
}

type createRequest struct {
	CustomerID string `json:"customer_id"`
	TotalCents int64  `json:"total_cents"`
}

func (h *Handler) get(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.fail(w, "get", http.StatusBadRequest, "invalid order id")
		return
	}
	o, err := h.orders.Get(r.Context(), id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.fail(w, "get", http.StatusNotFound, "order not found")
		return
	case err != nil:
		h.log.ErrorContext(r.Context(), "get order", "id", id, "err", err)
		h.fail(w, "get", http.StatusInternalServerError, "internal error")
		return
	}
	h.json(w, "get", http.StatusOK, o)
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	var req createRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || req.CustomerID == "" || req.TotalCents < 0 {
		h.fail(w, "create", http.StatusBadRequest, "invalid order")
		return
	}
	o, err := h.orders.Create(r.Context(), store.Order{CustomerID: req.CustomerID, TotalCents: req.TotalCents})
	if err != nil {
		h.log.ErrorContext(r.Context(), "create order", "err", err)
		h.fail(w, "create", http.StatusInternalServerError, "internal error")
		return
	}
	h.json(w, "create", http.StatusCreated, o)
}

func (h *Handler) json(w http.ResponseWriter, route string, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	_ = json.NewEncoder(w).Encode(v)
}

func (h *Handler) fail(w http.ResponseWriter, route string, code int, msg string) {
	h.json(w, route, code, map[string]string{"error": msg})
}
