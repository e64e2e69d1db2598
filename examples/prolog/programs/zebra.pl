% The zebra puzzle (Einstein's riddle): a search with unification over a list of houses.
:- initialization(main).

right_of(X, Y, [Y, X|_]).
right_of(X, Y, [_|T]) :- right_of(X, Y, T).
next_to(X, Y, L) :- right_of(X, Y, L) ; right_of(Y, X, L).

% house(Nationality, Pet, Drink, Smoke, Colour)
zebra(Houses) :-
    Houses = [house(norwegian, _, _, _, _), _, house(_, _, milk, _, _), _, _],
    member(house(englishman, _, _, _, red), Houses),
    member(house(spaniard, dog, _, _, _), Houses),
    member(house(_, _, coffee, _, green), Houses),
    member(house(ukrainian, _, tea, _, _), Houses),
    right_of(house(_, _, _, _, green), house(_, _, _, _, ivory), Houses),
    member(house(_, snails, _, old_gold, _), Houses),
    member(house(_, _, _, kools, yellow), Houses),
    next_to(house(_, _, _, chesterfield, _), house(_, fox, _, _, _), Houses),
    next_to(house(_, _, _, kools, _), house(_, horse, _, _, _), Houses),
    member(house(_, _, orange_juice, lucky_strike, _), Houses),
    member(house(japanese, _, _, parliament, _), Houses),
    next_to(house(norwegian, _, _, _, _), house(_, _, _, _, blue), Houses),
    member(house(_, zebra, _, _, _), Houses),
    member(house(_, _, water, _, _), Houses).

main :-
    zebra(Houses),
    member(house(Z, zebra, _, _, _), Houses),
    member(house(W, _, water, _, _), Houses),
    format("the ~w owns the zebra~nthe ~w drinks water~n", [Z, W]),
    forall(member(H, Houses), (write(H), nl)),
    findall(x, zebra(_), Sols), length(Sols, N), write(solutions(N)), nl,
    halt.
