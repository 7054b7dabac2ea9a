-- AFTM schema, version 5: who sent each order (issue #13). The gateway records the name its link
-- gave the client and the CURVE public key (Z85) it authenticated, in the same write as the
-- request, so an operator can tell which client placed each order (a refused squat leaves no row: the
-- gateway logs it with the client's key). Orders the
-- main process makes itself read 'main-process' (flatten); a client on a link without CURVE reads
-- 'unauthenticated' with an empty key. Rows written before this version keep NULL in both: their
-- sender was never recorded.
ALTER TABLE orders ADD COLUMN sender_name TEXT;
ALTER TABLE orders ADD COLUMN sender_key  TEXT;
