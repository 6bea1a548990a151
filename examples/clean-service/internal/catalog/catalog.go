// Package catalog holds the product catalog served by the catalog API.
package catalog

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// Product is one sellable item.
type Product struct {
	SKU        string   `json:"sku"`
	Name       string   `json:"name"`
	PriceCents int64    `json:"price_cents"`
	Tags       []string `json:"tags,omitempty"`
}

// Catalog is an in-memory, read-mostly product index.
type Catalog struct {
	mu    sync.RWMutex
	bySKU map[string]Product
}

// Load reads a JSON array of products.
func Load(r io.Reader) (*Catalog, error) {
	var products []Product
	if err := json.NewDecoder(r).Decode(&products); err != nil {
		return nil, fmt.Errorf("decode catalog: %w", err)
	}
	c := &Catalog{bySKU: make(map[string]Product, len(products))}
	for _, p := range products {
		if p.SKU == "" {
			return nil, fmt.Errorf("product %q has no sku", p.Name)
		}
		c.bySKU[p.SKU] = p
	}
	return c, nil
}

// Get returns the product with the given SKU.
func (c *Catalog) Get(sku string) (Product, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	p, ok := c.bySKU[sku]
	return p, ok
}

// Search returns the products whose name or tags contain q, sorted by SKU.
func (c *Catalog) Search(q string, limit int) []Product {
	q = strings.ToLower(strings.TrimSpace(q))
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []Product
	for _, p := range c.bySKU {
		if q == "" || strings.Contains(strings.ToLower(p.Name), q) || slices.Contains(p.Tags, q) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b Product) int { return strings.Compare(a.SKU, b.SKU) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Len reports how many products are loaded.
func (c *Catalog) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.bySKU)
}
