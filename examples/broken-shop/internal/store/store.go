// Package store persists orders in PostgreSQL.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrNotFound is returned when an order does not exist.
var ErrNotFound = errors.New("order not found")

// Order is a customer order.
type Order struct {
	ID         int64     `json:"id"`
	CustomerID string    `json:"customer_id"`
	TotalCents int64     `json:"total_cents"`
	Status     string    `json:"status"`
	CreatedAt  time.Time `json:"created_at"`
}

// Store is a PostgreSQL-backed order store.
type Store struct {
	pool *pgxpool.Pool
}

// Open connects to the database and verifies the connection.
func Open(ctx context.Context, url string, maxConns int32) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	cfg.MaxConns = maxConns
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	return &Store{pool: pool}, nil
}

// Close releases all connections.
func (s *Store) Close() { s.pool.Close() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }

// Get returns one order by id.
func (s *Store) Get(ctx context.Context, id int64) (Order, error) {
	var o Order
	err := s.pool.QueryRow(ctx,
		`SELECT id, customer_id, total_cents, status, created_at FROM orders WHERE id = $1`, id).
		Scan(&o.ID, &o.CustomerID, &o.TotalCents, &o.Status, &o.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return Order{}, ErrNotFound
	}
	return o, err
}

// Create inserts a new order and returns it with its id and timestamp.
func (s *Store) Create(ctx context.Context, o Order) (Order, error) {
	err := s.pool.QueryRow(ctx,
		`INSERT INTO orders (customer_id, total_cents, status) VALUES ($1, $2, 'pending')
		 RETURNING id, status, created_at`, o.CustomerID, o.TotalCents).
		Scan(&o.ID, &o.Status, &o.CreatedAt)
	return o, err
}

// NextPending claims the oldest pending order for processing.
func (s *Store) NextPending(ctx context.Context) (Order, error) {
	var o Order
	err := s.pool.QueryRow(ctx,
		`UPDATE orders SET status = 'processing'
		 WHERE id = (SELECT id FROM orders WHERE status = 'pending' ORDER BY created_at
		             FOR UPDATE SKIP LOCKED LIMIT 1)
		 RETURNING id, customer_id, total_cents, status, created_at`).
		Scan(&o.ID, &o.CustomerID, &o.TotalCents, &o.Status, &o.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return Order{}, ErrNotFound
	}
	return o, err
}

// MarkDone marks an order as fulfilled.
func (s *Store) MarkDone(ctx context.Context, id int64) error {
	_, err := s.pool.Exec(ctx, `UPDATE orders SET status = 'fulfilled' WHERE id = $1`, id)
	return err
}

// Migrate creates the schema if it does not exist.
func (s *Store) Migrate(ctx context.Context) error {
	_, err := s.pool.Exec(ctx, `
CREATE TABLE IF NOT EXISTS orders (
	id          BIGSERIAL PRIMARY KEY,
	customer_id TEXT        NOT NULL,
	total_cents BIGINT      NOT NULL CHECK (total_cents >= 0),
	status      TEXT        NOT NULL,
	created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS orders_status_created_idx ON orders (status, created_at);`)
	return err
}
